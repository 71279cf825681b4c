package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.ERROR_TYPE;

import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.context.Context;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.ReadableSpan;
import jakarta.ws.rs.core.UriInfo;
import org.jspecify.annotations.Nullable;

/** What the mappers and the response filter share about a request's SERVER span. */
final class ServerSpans {
  private ServerSpans() {}

  /**
   * Records {@code error} on the SERVER span once: a second mapper or filter seeing it again does nothing. Also notes
   * it in the current request's {@link ErrorScope}, so that the response filter counts it where Jersey's events do
   * not tell (other JAX-RS implementations); a mapper runs on the request thread, with the request's context.
   */
  static void record(TracingRuntime runtime, Span span, Throwable error, int httpStatus) {
    ErrorScope scope = ErrorScope.from(Context.current());
    if (scope != null) {
      scope.fail(error);
    }
    if (!hasRecordedError(span)) {
      runtime.exceptionTracer().record(span, SpanKind.SERVER, error, httpStatus);
    }
  }

  /** Whether an exception was recorded on the span already (its {@code error.type} is set). */
  static boolean hasRecordedError(Span span) {
    return span instanceof ReadableSpan && ((ReadableSpan) span).getAttribute(ERROR_TYPE) != null;
  }

  /**
   * The problem's {@code instance}: the request path, or null when it is not known. Taken from the traced request in
   * the current context when there is one, since the injected {@code UriInfo} proxy looks the request up on every
   * call.
   */
  static @Nullable String instance(@Nullable UriInfo uriInfo) {
    ServerRequestTrace trace = ServerRequestTrace.from(Context.current());
    if (trace != null) {
      return trace.path;
    }
    try {
      return uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
    } catch (RuntimeException e) {
      return null; // outside a request: the member is left out
    }
  }
}
