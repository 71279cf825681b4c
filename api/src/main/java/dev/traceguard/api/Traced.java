package dev.traceguard.api;

import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces a CDI bean's business methods: each call runs in a span (INTERNAL by default), child of the current span.
 *
 * <p>On a class, every business method is traced; on a method, it overrides the class's annotation; {@code
 * enabled = false} opts a method out. An exception is recorded on the span and rethrown as the very same instance;
 * the span always ends, and for a {@code CompletionStage} result it ends when the stage completes. The annotation
 * is read once at deployment, never per call.
 *
 * <pre>{@code
 * @ApplicationScoped @Traced
 * class PaymentService {
 *   Payment charge(@SpanAttribute("payment.user_id") long userId) { ... }   // span "PaymentService.charge"
 *   @Traced(enabled = false) String describe() { ... }                      // not traced
 * }
 * }</pre>
 */
@InterceptorBinding
@Inherited
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Traced {

  /** The span name; empty (the default) means {@code SimpleClassName.methodName} of the real bean class. */
  @Nonbinding
  String value() default "";

  /** Whether the method is traced; {@code false} on a method opts it out of its class's tracing. */
  @Nonbinding
  boolean enabled() default true;

  /** The span kind. Default {@link SpanKind#INTERNAL}. */
  @Nonbinding
  SpanKind kind() default SpanKind.INTERNAL;
}
