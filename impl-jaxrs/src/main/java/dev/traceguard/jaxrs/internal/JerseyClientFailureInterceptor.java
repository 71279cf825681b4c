package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.CLIENT_SPAN;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import org.glassfish.jersey.client.spi.PostInvocationInterceptor;

/**
 * Ends the CLIENT span of a call that got no response (connection refused, timeout): the exception is recorded as
 * an {@code exception} event with ERROR status. Calls with a response are ended by {@link ClientTracingFilter}.
 * Registered only when the Jersey client is present. Thread-safe.
 */
public final class JerseyClientFailureInterceptor implements PostInvocationInterceptor {
  private final TracingRuntime runtime;

  /** Creates the interceptor for one application's runtime. */
  public JerseyClientFailureInterceptor(TracingRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void afterRequest(ClientRequestContext request, ClientResponseContext response) {}

  @Override
  public void onException(ClientRequestContext request, ExceptionContext context) {
    Object property = request.getProperty(CLIENT_SPAN);
    if (!(property instanceof Span) || context.getResponseContext().isPresent()) {
      return;
    }
    request.removeProperty(CLIENT_SPAN);
    Span span = (Span) property;
    try {
      Throwable failure = context.getThrowables().peekFirst();
      if (failure != null) {
        runtime.exceptionTracer().record(span, SpanKind.CLIENT, failure, ExceptionTracer.NO_HTTP_STATUS);
      }
    } finally {
      span.end();
    }
  }
}
