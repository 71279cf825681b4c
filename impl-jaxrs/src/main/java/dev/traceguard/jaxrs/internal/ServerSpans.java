package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.TRACERESPONSE_HEADER;

import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** What the mappers and the response filter share about a request's SERVER span. */
final class ServerSpans {
  private ServerSpans() {}

  /**
   * Records {@code error}, which a mapper is answering, on the current request's SERVER span once: a second mapper
   * or filter seeing it again does nothing. Also notes it as the failure of the current request's {@link ErrorScope},
   * so that the response filter learns of it where Jersey's events do not tell (other JAX-RS implementations).
   *
   * <p>A mapper runs on the thread that resumes the response, where the request's context is current only on the
   * request thread (or when the application passed it on). Without it, this does nothing: the span found would not
   * be the request's, and the count would miss its route; the response filter records the failure instead.
   *
   * <p>An unrecorded request has no scope: off Jersey, where its response filter cannot learn the exception, the
   * exception is handed to the error listeners here; on Jersey that filter does it.
   */
  static void recordInMapper(TracingRuntime runtime, Throwable error, int httpStatus) {
    Context context = Context.current();
    ErrorScope scope = ErrorScope.from(context);
    if (scope != null) {
      runtime.errors().recordFailure(Span.fromContext(context), unwrap(error), httpStatus, scope);
    } else if (!JerseySupport.EXTENDED_URI_INFO && ServerTracingFilter.inUnrecordedRequest()) {
      runtime.errors().record(Span.fromContext(context), SpanKind.SERVER, unwrap(error), httpStatus, null);
    }
  }

  /**
   * The failure itself rather than the {@link CompletionException} a resource method's failed {@code
   * CompletionStage} is resumed with, as the {@code @Traced} interceptor records it: the cause carries the error
   * code, and the request is recorded and counted alike whether the stage failed before or after the method returned.
   */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error.getCause();
    return error instanceof CompletionException && cause != null ? cause : error;
  }

  /**
   * The problem's {@code instance}: the request path, or null when it is not known. Taken from the traced request the
   * thread is handling when there is one, since the injected {@code UriInfo} proxy looks the request up on every
   * call.
   */
  static @Nullable String instance(@Nullable UriInfo uriInfo) {
    ServerRequestTrace trace = ServerTracingFilter.currentTrace();
    if (trace != null) {
      return trace.path;
    }
    try {
      return uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
    } catch (RuntimeException e) {
      return null; // outside a request: the member is left out
    }
  }

  /**
   * Sets the {@code traceresponse} header (W3C Trace Context Level 2) naming {@code span}, when its context is
   * valid.
   */
  static void traceResponse(Span span, ContainerResponseContext response) {
    SpanContext context = span.getSpanContext();
    if (context.isValid()) {
      response.getHeaders().putSingle(TRACERESPONSE_HEADER,
          "00-" + context.getTraceId() + '-' + context.getSpanId() + '-' + context.getTraceFlags().asHex());
    }
  }
}
