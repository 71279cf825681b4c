package dev.traceguard.jaxrs.internal;

import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.jspecify.annotations.Nullable;

/**
 * Answers any other throwable as {@code application/problem+json}, after recording it on the SERVER span.
 *
 * <p>A {@link WebApplicationException} keeps its status, and its own response when it carries an entity; otherwise
 * it is answered as a problem with its status and reason phrase (domain {@value #HTTP_DOMAIN}, code = the status).
 * Anything else is a 500 with a generic detail that never reveals the exception's message, under the built-in code
 * {@value #INTERNAL_DOMAIN}/{@value #INTERNAL_CODE}.
 */
public final class ThrowableMapper implements ExceptionMapper<Throwable> {
  /** Domain of the built-in internal-error code. */
  public static final String INTERNAL_DOMAIN = "TRACEGUARD";
  /** Number of the built-in internal-error code. */
  public static final int INTERNAL_CODE = 1;
  /** Domain of problems answered for a {@code WebApplicationException}; their code is the HTTP status. */
  public static final String HTTP_DOMAIN = "HTTP";
  /** The generic detail of an unexpected error. */
  public static final String INTERNAL_DETAIL = "The server could not complete the request.";

  private final TracingRuntime runtime;

  @Context private @Nullable UriInfo uriInfo;

  /** Creates the mapper for one application's runtime. */
  public ThrowableMapper(TracingRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Response toResponse(Throwable exception) {
    Span span = Span.current();
    if (exception instanceof WebApplicationException) {
      Response original = ((WebApplicationException) exception).getResponse();
      int status = original.getStatus();
      ServerSpans.recordInMapper(runtime, exception, status);
      if (original.hasEntity()) {
        return original;
      }
      String reason = original.getStatusInfo().getReasonPhrase();
      String title = reason == null || reason.isBlank() ? "HTTP " + status : reason;
      return ProblemResponse.of(status, ProblemResponse.ABOUT_BLANK, title, title, ServerSpans.instance(uriInfo),
          status, HTTP_DOMAIN, span);
    }
    ServerSpans.recordInMapper(runtime, exception, 500);
    return ProblemResponse.of(500, ProblemResponse.ABOUT_BLANK, "Internal Server Error", INTERNAL_DETAIL,
        ServerSpans.instance(uriInfo), INTERNAL_CODE, INTERNAL_DOMAIN, span);
  }
}
