package dev.traceguard.cdi.internal;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry standard's {@code @WithSpan} and {@code @SpanAttribute}
 * ({@code io.opentelemetry.instrumentation:opentelemetry-instrumentation-annotations}), bound to Traceguard's
 * interceptor when the application has them. The only class that names their types: every other class asks {@link
 * #isPresent()} first, so an application without the annotations never loads them.
 *
 * <p>{@code @WithSpan} is not an interceptor binding in its own jar; {@link #register} makes it one (its members
 * non-binding, so one interceptor serves every value) and adds {@link WithSpanInterceptor} bound to it. Its
 * semantics are {@code @Traced}'s: span name {@code value}, or {@code SimpleClassName.method}; {@code kind}; a new
 * trace when {@code inheritContext} is false.
 */
final class WithSpanSupport {
  private static final Logger logger = Logger.getLogger(WithSpanSupport.class.getName());
  private static final String WITH_SPAN = "io.opentelemetry.instrumentation.annotations.WithSpan";
  private static final boolean PRESENT = present();

  private WithSpanSupport() {}

  /** What a {@code @WithSpan} says about its method. */
  record Binding(String name, SpanKind kind, boolean inheritContext) {}

  private static boolean present() {
    try {
      Class.forName(WITH_SPAN, false, WithSpanSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Whether the annotations are on Traceguard's class path. */
  static boolean isPresent() {
    return PRESENT;
  }

  /** Makes {@code @WithSpan} an interceptor binding and adds the interceptor bound to it. */
  static void register(BeforeBeanDiscovery event) {
    event.configureInterceptorBinding(WithSpan.class).methods()
        .forEach(method -> method.add(Nonbinding.Literal.INSTANCE));
    event.addAnnotatedType(WithSpanInterceptor.class, WithSpanInterceptor.class.getName())
        .add(InterceptorLiteral.INSTANCE)
        .add(bindingLiteral());
  }

  /** The {@code @WithSpan} among the annotations, read for {@code method}; null when there is none. */
  static @Nullable Binding read(Iterable<? extends Annotation> annotations, Method method) {
    if (!PRESENT) {
      return null;
    }
    for (Annotation annotation : annotations) {
      if (annotation instanceof WithSpan withSpan) {
        return new Binding(withSpan.value(), kind(withSpan, method), inheritContext(withSpan));
      }
    }
    return null;
  }

  /**
   * The annotation's {@code inheritContext}, which older copies of it do not have (Open Liberty 26.0.0.3 gives
   * applications one): their spans always continue the current context, this member's default.
   */
  private static boolean inheritContext(WithSpan withSpan) {
    try {
      return withSpan.inheritContext();
    } catch (NoSuchMethodError e) {
      return true;
    }
  }

  /**
   * The key of the standard's {@code @SpanAttribute} among a parameter's annotations: its value, or the parameter's
   * name when the value is empty and the class was compiled with {@code -parameters}; null when there is none (or no
   * name to use, which is logged once per parameter).
   */
  static @Nullable String attributeKey(Iterable<? extends Annotation> annotations, Parameter parameter) {
    if (!PRESENT) {
      return null;
    }
    for (Annotation annotation : annotations) {
      if (annotation instanceof SpanAttribute attribute) {
        String key = attribute.value().trim();
        if (!key.isEmpty()) {
          return key;
        }
        if (parameter.isNamePresent()) {
          return parameter.getName();
        }
        logger.log(Level.WARNING, "@SpanAttribute without a value on " + parameter + " of "
            + parameter.getDeclaringExecutable() + ": the class was compiled without -parameters, so the parameter"
            + " has no name to use; it is not recorded. Give the attribute a key: @SpanAttribute(\"key\").");
        return null;
      }
    }
    return null;
  }

  /**
   * The kind, read by name: with the drop-in jar, whose OpenTelemetry is relocated, the application's annotation
   * answers with the application's {@code SpanKind}, another class than Traceguard's.
   */
  private static SpanKind kind(WithSpan withSpan, Method method) {
    try {
      Object kind = WithSpan.class.getMethod("kind").invoke(withSpan);
      return SpanKind.valueOf(((Enum<?>) kind).name());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      logger.log(Level.WARNING, "The kind of @WithSpan on " + method + " cannot be read (" + e + "); the span is"
          + " INTERNAL.");
      return SpanKind.INTERNAL;
    }
  }

  /**
   * {@code @WithSpan} with its defaults, the binding {@link WithSpanInterceptor} carries: read from {@link #binding()}
   * rather than written as a literal class, so that the JVM implements it against the very annotation type present.
   * With the drop-in jar the application's {@code @WithSpan} answers {@code kind()} with the application's {@code
   * SpanKind}, which a literal compiled against Traceguard's relocated one cannot implement.
   */
  static WithSpan bindingLiteral() {
    try {
      return WithSpanSupport.class.getDeclaredMethod("binding").getAnnotation(WithSpan.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("WithSpanSupport.binding() is gone", e);
    }
  }

  @WithSpan
  @SuppressWarnings("unused") // carries the binding
  private static void binding() {}

  /** {@code @Interceptor}, added to {@link WithSpanInterceptor} only when the binding exists. */
  @SuppressWarnings("all")
  static final class InterceptorLiteral extends AnnotationLiteral<Interceptor> implements Interceptor {
    private static final long serialVersionUID = 1L;
    static final InterceptorLiteral INSTANCE = new InterceptorLiteral();
  }
}
