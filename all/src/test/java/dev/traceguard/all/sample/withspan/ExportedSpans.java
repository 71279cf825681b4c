package dev.traceguard.all.sample.withspan;

import dev.traceguard.cdi.TraceguardExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Collection;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An application's own {@code @TraceguardExporter} bean, keeping what it receives in memory, and the routes that
 * answer it: one line per span of a trace, its name and query; and how many exports it refused.
 */
@ApplicationScoped
@Path("/exported")
public class ExportedSpans {
  private static final Queue<SpanData> RECEIVED = new ConcurrentLinkedQueue<>();
  private static final String REFUSE_ONCE = "refuse-export-once";
  private static final AtomicInteger REFUSED = new AtomicInteger();

  /** The exporter Traceguard hands the server's spans to; a singleton, as the docs advise (no proxy at shutdown). */
  @Produces
  @TraceguardExporter
  @Singleton
  SpanExporter exporter() {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        if (spans.stream().anyMatch(span -> String.valueOf(query(span)).contains(REFUSE_ONCE))
            && REFUSED.compareAndSet(0, 1)) {
          return CompletableResultCode.ofFailure(); // as a backend that is down would answer
        }
        RECEIVED.addAll(spans);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  /** The query the server's span carries: {@code url.query}, or {@code http.target} under older conventions. */
  private static String query(SpanData span) {
    String query = span.getAttributes().get(AttributeKey.stringKey("url.query"));
    return query != null ? query : span.getAttributes().get(AttributeKey.stringKey("http.target"));
  }

  /**
   * How many exports the exporter has refused: the first one holding a span whose query has {@value #REFUSE_ONCE},
   * so that its spans wait in the retry buffer.
   */
  @GET
  @Path("/refused")
  public String refused() {
    return Integer.toString(REFUSED.get());
  }

  /** The spans of {@code traceId} received so far. */
  @GET
  @Path("/{traceId}")
  public String of(@PathParam("traceId") String traceId) {
    return RECEIVED.stream().filter(span -> span.getTraceId().equals(traceId))
        .map(span -> span.getName() + " " + query(span))
        .collect(Collectors.joining("\n"));
  }
}
