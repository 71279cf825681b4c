package dev.traceguard.all.sample;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/probe/otel}: what application code calling {@code io.opentelemetry.api} directly sees inside a
 * request Traceguard traces. The drop-in jar relocates OpenTelemetry, so this class links against whatever
 * {@code io.opentelemetry.api} the server gives the application, not against Traceguard's copy.
 */
@Path("/probe/otel")
public class OpenTelemetryProbeResource {
  /**
   * Answers {@code valid=<whether Span.current() is a real span> traceId=<its trace> spanId=<its id> source=<where
   * the Span interface came from>}, or {@code unavailable: <error>} when the server gives the application no
   * OpenTelemetry API at all.
   */
  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String probe() {
    try {
      SpanContext current = Span.current().getSpanContext();
      var source = Span.class.getProtectionDomain().getCodeSource();
      return "valid=" + current.isValid() + " traceId=" + current.getTraceId() + " spanId=" + current.getSpanId()
          + " source=" + (source == null ? "unknown" : source.getLocation());
    } catch (LinkageError e) {
      return "unavailable: " + e;
    }
  }
}
