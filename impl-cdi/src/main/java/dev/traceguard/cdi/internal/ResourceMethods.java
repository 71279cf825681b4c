package dev.traceguard.cdi.internal;

import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletionStage;

/**
 * Finds the JAX-RS resource methods of the deployment's bean classes and binds {@link ResourceFailureInterceptor} to
 * them, and {@link AsyncResourceInterceptor} to those that may answer after returning, by annotation and type names:
 * JAX-RS is optional for this module, so its types are never named.
 *
 * <p>A resource method is a public, non-static, non-final method of a non-final class annotated {@code @Path},
 * carrying {@code @Path} or an HTTP method designator (an annotation annotated {@code @HttpMethod}, such as {@code
 * @GET}). Final classes and methods are left alone: binding an interceptor to them would make the bean unproxyable,
 * and a deployment that worked without Traceguard must keep working.
 */
final class ResourceMethods {
  private static final String PATH = "jakarta.ws.rs.Path";
  private static final String HTTP_METHOD = "jakarta.ws.rs.HttpMethod";
  private static final String ASYNC_RESPONSE = "jakarta.ws.rs.container.AsyncResponse";

  private ResourceMethods() {}

  /** Binds the interceptor to the resource methods of the type {@code event} is about, if it is a resource class. */
  static <T> void bind(ProcessAnnotatedType<T> event) {
    AnnotatedType<T> type = event.getAnnotatedType();
    Class<T> javaClass = type.getJavaClass();
    if (javaClass.isInterface() || Modifier.isFinal(javaClass.getModifiers()) || !hasPath(type.getAnnotations())) {
      return;
    }
    event.configureAnnotatedType()
        .filterMethods(ResourceMethods::isResourceMethod)
        .forEach(method -> {
          method.add(ResourceMethod.Literal.INSTANCE);
          if (mayAnswerAfterReturning(method.getAnnotated().getJavaMember())) {
            method.add(AsyncResourceMethod.Literal.INSTANCE);
          }
        });
  }

  /** Whether the method returns a {@code CompletionStage} or takes an {@code AsyncResponse} to resume later. */
  static boolean mayAnswerAfterReturning(Method method) {
    if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
      return true;
    }
    for (Class<?> parameter : method.getParameterTypes()) {
      if (parameter.getName().equals(ASYNC_RESPONSE)) {
        return true;
      }
    }
    return false;
  }

  static boolean isResourceMethod(AnnotatedMethod<?> method) {
    Method javaMethod = method.getJavaMember();
    int modifiers = javaMethod.getModifiers();
    if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
      return false;
    }
    for (Annotation annotation : method.getAnnotations()) {
      if (annotation.annotationType().getName().equals(PATH) || isHttpMethod(annotation)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasPath(Iterable<Annotation> annotations) {
    for (Annotation annotation : annotations) {
      if (annotation.annotationType().getName().equals(PATH)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHttpMethod(Annotation annotation) {
    for (Annotation meta : annotation.annotationType().getAnnotations()) {
      if (meta.annotationType().getName().equals(HTTP_METHOD)) {
        return true;
      }
    }
    return false;
  }
}
