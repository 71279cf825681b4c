package dev.traceguard.cdi.internal;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * Runs each business method with the OpenTelemetry standard's {@code @WithSpan} in a span, as {@link
 * SpanInterceptor} describes, with the annotation's name, kind and {@code inheritContext}.
 *
 * <p>Carries neither {@code @Interceptor} nor its binding in its source: {@link WithSpanSupport#register} adds both
 * when the application has the annotations, so that without them this class is no bean and names no missing type.
 */
@Priority(SpanInterceptor.PRIORITY)
final class WithSpanInterceptor extends SpanInterceptor {
  private static final long serialVersionUID = 1L;

  @Inject
  WithSpanInterceptor(TraceguardExtension extension, @Intercepted @Nullable Bean<?> bean) {
    super(extension, bean);
  }

  @Override
  TracedMethod.Binding binding() {
    return TracedMethod.Binding.WITH_SPAN;
  }

  @Override
  TracedMethod resolve(Class<?> owner, Method method, InvocationContext invocation) {
    return TracedMethods.resolve(owner, method, null);
  }
}
