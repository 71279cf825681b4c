package dev.traceguard.all.sample;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/reported/{traceId}}: what the application's {@link ReportedErrors} listener received. */
@Path("/reported")
public class ReportedErrorsResource {
  /** The class names of the exceptions reported in {@code traceId}, one a line. */
  @GET
  @Path("/{traceId}")
  @Produces(MediaType.TEXT_PLAIN)
  public String of(@PathParam("traceId") String traceId) {
    return ReportedErrors.of(traceId);
  }
}
