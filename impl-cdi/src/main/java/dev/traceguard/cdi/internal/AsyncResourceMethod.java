package dev.traceguard.cdi.internal;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Binds {@link AsyncResourceInterceptor} to the JAX-RS resource methods of CDI beans that may answer after they
 * return. Internal: added by {@link ResourceMethods} at deployment, never written by an application.
 */
@InterceptorBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface AsyncResourceMethod {
  /** The annotation as a value, for the deployment's configurators. */
  final class Literal extends AnnotationLiteral<AsyncResourceMethod> implements AsyncResourceMethod {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    static final Literal INSTANCE = new Literal();
  }
}
