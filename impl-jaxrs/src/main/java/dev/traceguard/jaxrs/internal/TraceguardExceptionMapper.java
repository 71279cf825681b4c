package dev.traceguard.jaxrs.internal;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.jspecify.annotations.Nullable;

/**
 * Answers a {@link TraceguardException} with its code's status as {@code application/problem+json}, after
 * recording it on the request's SERVER span. An application's more specific mapper still wins.
 */
public final class TraceguardExceptionMapper implements ExceptionMapper<TraceguardException> {
  private final TracingRuntime runtime;

  @Context private @Nullable UriInfo uriInfo;

  /** Creates the mapper for one application's runtime. */
  public TraceguardExceptionMapper(TracingRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Response toResponse(TraceguardException exception) {
    ErrorCode code = exception.errorCode();
    Span span = Span.current();
    ServerSpans.recordInMapper(runtime, exception, code.httpStatus());
    return ProblemResponse.of(code.httpStatus(), code.type(), code.title(), exception.detail(),
        ServerSpans.instance(uriInfo), code.code(), code.domain(), span);
  }
}
