package dev.traceguard.cdi.internal;

import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.RequestThreadScope;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Closes the request's scope on the request thread when an asynchronous JAX-RS resource method (one returning a
 * {@code CompletionStage} or taking a suspended {@code AsyncResponse}) has returned and its response goes on
 * elsewhere, whatever the JAX-RS implementation.
 *
 * <p>Why: the request filter made the request's span current on the request thread, and only that thread may close
 * the scope; the response filter of an asynchronous response runs on another. Jersey says when the method returned
 * (its request events, {@code JerseyRequestListener}); RESTEasy (WildFly, Open Liberty) says it nowhere an
 * application can reach, and without this the thread would keep the request's context until its next request. A
 * resource class managed by CDI returns through here.
 *
 * <p>A stage already complete when the method returns is answered on this thread, whose response filter then closes
 * the scope: left alone here. A suspended {@code AsyncResponse} is closed for whatever it is, as Jersey's events do.
 * A method that throws is answered on this thread too. A resource method calling another bean's asynchronous
 * resource method directly loses the request's context for the rest of its body. Never changes the call; a failure
 * to close is logged at FINE at most once a minute. Costs nothing on synchronous methods, which are not bound to it.
 */
@AsyncResourceMethod
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
final class AsyncResourceInterceptor implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger logger = Logger.getLogger(AsyncResourceInterceptor.class.getName());
  private static final LogThrottle LOG_THROTTLE = LogThrottle.everyMinute();

  /** Runs the resource method, then closes the request thread's scope if the response goes on elsewhere. */
  @AroundInvoke
  Object closeRequestScope(InvocationContext invocation) throws Exception {
    Object result = invocation.proceed();
    try {
      if (!answeredAlready(result)) {
        RequestThreadScope.resourceMethodFinished(true);
      }
    } catch (RuntimeException e) {
      LOG_THROTTLE.log(logger, Level.FINE, "Traceguard could not close an asynchronous request's scope", e);
    }
    return result;
  }

  /** Whether the method's result is a stage already complete, which the request thread answers itself. */
  static boolean answeredAlready(@Nullable Object result) {
    // Through toCompletableFuture() even for a CompletableFuture: it is the future itself, while the minimal stage
    // (a subclass) refuses isDone() and answers a copy.
    if (result instanceof CompletionStage) {
      try {
        return ((CompletionStage<?>) result).toCompletableFuture().isDone();
      } catch (UnsupportedOperationException e) {
        return false; // a stage that cannot tell is treated as answering later
      }
    }
    return false; // void, with a suspended AsyncResponse
  }
}
