package dev.traceguard.cdi.internal;

import dev.traceguard.api.Traced;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * Runs each {@link Traced @Traced} business method in a span, child of the current span, as {@link
 * SpanInterceptor} describes.
 */
@Traced
@Interceptor
@Priority(SpanInterceptor.PRIORITY)
final class TracedInterceptor extends SpanInterceptor {
  private static final long serialVersionUID = 1L;

  /** Weld's context data key of the call's interceptor bindings: {@value}. */
  static final String WELD_BINDINGS = "org.jboss.weld.interceptor.bindings";

  @Inject
  TracedInterceptor(TraceguardExtension extension, @Intercepted @Nullable Bean<?> bean) {
    super(extension, bean);
  }

  @Override
  TracedMethod.Binding binding() {
    return TracedMethod.Binding.TRACED;
  }

  @Override
  TracedMethod resolve(Class<?> owner, Method method, InvocationContext invocation) {
    return TracedMethods.resolve(owner, method, containerBinding(invocation));
  }

  /**
   * The {@code @Traced} binding the container resolved for this call, where it says (Weld puts the bindings in the
   * context data under {@value #WELD_BINDINGS}; Jakarta Interceptors 2.1 has no portable way), else null. Read only
   * for methods the deployment did not show, such as bindings added through an {@code InterceptionFactory}.
   */
  static @Nullable Traced containerBinding(InvocationContext invocation) {
    Object bindings = invocation.getContextData().get(WELD_BINDINGS);
    if (bindings instanceof Iterable) {
      for (Object binding : (Iterable<?>) bindings) {
        if (binding instanceof Traced) {
          return (Traced) binding;
        }
      }
    }
    return null;
  }
}
