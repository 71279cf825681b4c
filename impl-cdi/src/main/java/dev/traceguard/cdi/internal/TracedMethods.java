package dev.traceguard.cdi.internal;

import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import dev.traceguard.cdi.internal.TracedMethod.ParameterAttribute;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.AnnotatedType;
import java.lang.annotation.Annotation;
import java.lang.annotation.AnnotationTypeMismatchException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The {@link TracedMethod}s of every bean class with {@link Traced @Traced} or the OpenTelemetry standard's {@code
 * @WithSpan}, read from the container's annotated types at deployment (so annotations added or removed by other
 * extensions count), keyed by bean class and then by {@link Method}.
 *
 * <p>The rules: a method's own {@code @Traced} wins, then its own {@code @WithSpan}, then its class's {@code
 * @Traced} (also inherited, or carried by a stereotype or another interceptor binding), which covers every business
 * method; {@code enabled = false} opts out; the name is {@code value}, or {@code SimpleBeanClassName.method} when it
 * is empty, with the bean class (never a proxy subclass, never the superclass that declares an inherited method).
 * Parameters become attributes with Traceguard's {@code @SpanAttribute} or the standard's.
 *
 * <p>Thread-safe: registration happens during deployment, look-ups from any thread afterwards.
 */
final class TracedMethods {
  private static final Logger logger = Logger.getLogger(TracedMethods.class.getName());

  private final ConcurrentMap<Class<?>, ConcurrentMap<Method, TracedMethod>> byBeanClass = new ConcurrentHashMap<>();

  /**
   * Reads the traced methods of a bean class from its annotated type, if it has any.
   *
   * @throws IllegalArgumentException naming the method and parameter when a {@code @SpanAttribute} key is blank
   */
  void register(Class<?> beanClass, AnnotatedType<?> type) {
    Traced classLevel = find(type.getAnnotations());
    ConcurrentMap<Method, TracedMethod> methods = new ConcurrentHashMap<>();
    for (AnnotatedMethod<?> annotated : type.getMethods()) {
      Method method = annotated.getJavaMember();
      if (!isBusinessMethod(method)) {
        continue;
      }
      Traced methodLevel = find(annotated.getAnnotations());
      WithSpanSupport.Binding withSpan = methodLevel == null
          ? WithSpanSupport.read(annotated.getAnnotations(), method)
          : null;
      if (withSpan != null) {
        methods.put(method, readWithSpan(beanClass, method, withSpan, spanAttributes(annotated)));
        continue;
      }
      Traced traced = methodLevel != null ? methodLevel : classLevel;
      if (traced != null) {
        methods.put(method, read(beanClass, method, traced, spanAttributes(annotated)));
      }
    }
    if (!methods.isEmpty()) {
      byBeanClass.put(beanClass, methods);
    }
  }

  /**
   * Returns the methods of {@code beanClass}, read at deployment; empty (and filled on demand by {@link
   * #resolve}) for a class the container never showed as a bean, such as one intercepted through an {@code
   * InterceptionFactory}.
   */
  ConcurrentMap<Method, TracedMethod> forBeanClass(Class<?> beanClass) {
    return byBeanClass.computeIfAbsent(beanClass, c -> new ConcurrentHashMap<>());
  }

  /**
   * Reads a method the deployment did not show, once: the interceptor was bound to it, so it is traced unless its
   * annotations say otherwise. The binding the container reports wins; else the method's and the class's
   * annotations are read with reflection. A blank {@code @SpanAttribute} key is skipped (and logged), as it is too
   * late to fail the deployment.
   *
   * @param binding the {@code @Traced} the container resolved for the call, or null when it does not say
   */
  static TracedMethod resolve(Class<?> beanClass, Method method, @Nullable Traced binding) {
    Traced traced = binding != null ? binding : find(Arrays.asList(method.getAnnotations()));
    WithSpanSupport.Binding withSpan = traced == null
        ? WithSpanSupport.read(Arrays.asList(method.getAnnotations()), method)
        : null;
    if (traced == null && withSpan == null) {
      traced = find(Arrays.asList(beanClass.getAnnotations()));
    }
    Annotation[][] parameters = method.getParameterAnnotations();
    Parameter[] declared = method.getParameters();
    List<@Nullable String> attributes = new ArrayList<>(parameters.length);
    for (int i = 0; i < parameters.length; i++) {
      attributes.add(spanAttribute(Arrays.asList(parameters[i]), declared[i]));
    }
    try {
      return withSpan != null
          ? readWithSpan(beanClass, method, withSpan, attributes)
          : read(beanClass, method, traced, attributes);
    } catch (IllegalArgumentException e) {
      logger.log(Level.WARNING, e.getMessage() + "; the method is traced without its parameters");
      return withSpan != null
          ? readWithSpan(beanClass, method, withSpan, List.of())
          : read(beanClass, method, traced, List.of());
    }
  }

  /** Builds the method's entry from the {@code @Traced} that applies to it (null: the interceptor's defaults). */
  static TracedMethod read(
      Class<?> beanClass, Method method, @Nullable Traced traced, List<@Nullable String> parameters) {
    String name = traced == null || traced.value().isEmpty()
        ? beanClass.getSimpleName() + '.' + method.getName()
        : traced.value();
    if (traced != null && !traced.enabled()) {
      return TracedMethod.notTraced(name);
    }
    return TracedMethod.traced(name, traced == null ? SpanKind.INTERNAL : kind(traced, method),
        method.getReturnType(), attributes(method, parameters));
  }

  /** Builds the entry of a method with the standard's {@code @WithSpan}. */
  static TracedMethod readWithSpan(Class<?> beanClass, Method method, WithSpanSupport.Binding withSpan,
      List<@Nullable String> parameters) {
    String name = withSpan.name().isEmpty() ? beanClass.getSimpleName() + '.' + method.getName() : withSpan.name();
    return TracedMethod.withSpan(name, withSpan.kind(), !withSpan.inheritContext(), method.getReturnType(),
        attributes(method, parameters));
  }

  private static List<ParameterAttribute> attributes(Method method, List<@Nullable String> parameters) {
    List<ParameterAttribute> attributes = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      String key = parameters.get(i);
      if (key == null) {
        continue;
      }
      if (key.isBlank()) {
        throw new IllegalArgumentException("@SpanAttribute on parameter " + i + " of " + method
            + " must name a non-blank attribute key, was '" + key + "'");
      }
      attributes.add(new ParameterAttribute(i, key.trim()));
    }
    return attributes;
  }

  /**
   * The annotation's span kind, or INTERNAL when it cannot be read: with the drop-in jar, whose OpenTelemetry is
   * relocated, an application compiled against {@code io.opentelemetry.api.trace.SpanKind} names a type the
   * annotation no longer has, and reading it throws. The method is still traced; a WARNING says why its kind is lost.
   */
  static SpanKind kind(Traced traced, Method method) {
    try {
      return traced.kind();
    } catch (AnnotationTypeMismatchException | TypeNotPresentException e) {
      logger.log(Level.WARNING, "The kind of @Traced on " + method + " cannot be read (" + e
          + "): the application was compiled against another OpenTelemetry than Traceguard's, as with the drop-in"
          + " jar, which relocates it. The span is INTERNAL; leave kind at its default or use the Maven"
          + " dependencies (docs/servers.md).");
      return SpanKind.INTERNAL;
    }
  }

  private static boolean isBusinessMethod(Method method) {
    int modifiers = method.getModifiers();
    return !Modifier.isStatic(modifiers) && !Modifier.isPrivate(modifiers) && !method.isBridge()
        && !method.isSynthetic() && method.getDeclaringClass() != Object.class;
  }

  private static List<@Nullable String> spanAttributes(AnnotatedMethod<?> method) {
    List<@Nullable String> result = new ArrayList<>();
    for (AnnotatedParameter<?> parameter : method.getParameters()) {
      result.add(spanAttribute(parameter.getAnnotations(), parameter.getJavaParameter()));
    }
    return result;
  }

  /**
   * The parameter's attribute key: Traceguard's {@code @SpanAttribute} names it (a blank one is refused in {@link
   * #attributes}); the standard's may leave it to the parameter's name ({@link WithSpanSupport#attributeKey}).
   */
  private static @Nullable String spanAttribute(Iterable<Annotation> annotations, Parameter parameter) {
    for (Annotation annotation : annotations) {
      if (annotation instanceof SpanAttribute ours) {
        return ours.value();
      }
    }
    return WithSpanSupport.attributeKey(annotations, parameter);
  }

  /**
   * Returns the {@code @Traced} among the annotations, or the one carried by a stereotype or interceptor binding
   * among them (one level deep), or null.
   */
  static @Nullable Traced find(Iterable<? extends Annotation> annotations) {
    Traced carried = null;
    for (Annotation annotation : annotations) {
      if (annotation instanceof Traced) {
        return (Traced) annotation;
      }
      if (carried == null) {
        carried = annotation.annotationType().getAnnotation(Traced.class);
      }
    }
    return carried;
  }
}
