package dev.traceguard.cdi.internal;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notes the exception a JAX-RS resource method throws as the failure of the request it runs in ({@link
 * ErrorScope#fail}), so that the server filter records it on the request's SERVER span even when the application's
 * own exception mapper answers it, whatever the JAX-RS implementation.
 *
 * <p>Why: JAX-RS tells a response filter the response an exception was mapped to, never the exception. Jersey keeps
 * it ({@code ExtendedUriInfo.getMappedThrowable()}), which the filter reads; RESTEasy (WildFly, Open Liberty) keeps
 * it nowhere an application can reach. A resource class managed by CDI passes the exception through here first.
 *
 * <p>An unrecorded request (not sampled, no metrics) has no error scope: its exception is handed to the error
 * listeners here, as the server filter cannot learn it off Jersey.
 *
 * <p>Costs a context look-up only when the method throws. Never changes the call: the very same throwable is
 * rethrown, and a failure to note it is logged at FINE at most once a minute. Priority {@code LIBRARY_BEFORE}:
 * outside Traceguard's span interceptors, so the exception noted is the one the method's caller gets.
 */
@ResourceMethod
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
final class ResourceFailureInterceptor implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger logger = Logger.getLogger(ResourceFailureInterceptor.class.getName());
  private static final LogThrottle LOG_THROTTLE = LogThrottle.everyMinute();

  private final TraceguardExtension extension;

  @Inject
  ResourceFailureInterceptor(TraceguardExtension extension) {
    this.extension = extension;
  }

  /** Runs the resource method, noting what it throws in the current request's error scope. */
  @AroundInvoke
  Object noteFailure(InvocationContext invocation) throws Exception {
    try {
      return invocation.proceed();
    } catch (Throwable failure) {
      note(failure);
      throw failure;
    }
  }

  private void note(Throwable failure) {
    try {
      Context context = Context.current();
      ErrorScope scope = ErrorScope.from(context);
      if (scope != null) {
        scope.fail(failure);
        return;
      }
      Span span = Span.fromContext(context);
      TracingRuntime runtime = span.isRecording() || !span.getSpanContext().isValid() ? null
          : extension.runtimeForCalls();
      if (runtime != null) {
        runtime.errors().record(span, SpanKind.SERVER, failure, ExceptionTracer.NO_HTTP_STATUS, null);
      }
    } catch (RuntimeException e) {
      LOG_THROTTLE.log(logger, Level.FINE, "Traceguard could not note a resource method's exception", e);
    }
  }
}
