package dev.traceguard.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TestResources.UserResource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Traceguard on the server's OpenTelemetry when the server traces through Jersey's request events, as Payara's
 * MicroProfile Telemetry does ({@link EventTelemetry}, registered first): its scope opened when the request is
 * matched and closed when the resource method returns, before Traceguard's response filter runs. The request thread
 * must be left with no context once the request is done. Jersey on Grizzly, bound to 127.0.0.1.
 */
class ServerTelemetryOnJerseyEventsTest extends LoopbackJerseyTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  private InMemorySpanExporter serverExport;
  private OpenTelemetrySdk server;
  private TracingRuntime runtime;
  private EventTelemetry telemetry;

  /** A server's instrumentation on Jersey's events, timed as Payara's: what is current when each request is done. */
  public static final class EventTelemetry implements ApplicationEventListener {

    private final OpenTelemetrySdk server;
    final BlockingQueue<Context> leftCurrent = new LinkedBlockingQueue<>();

    EventTelemetry(OpenTelemetrySdk server) {
      this.server = server;
    }

    @Override
    public void onEvent(ApplicationEvent event) {}

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
      return new RequestEventListener() {
        private Span span;
        private Scope scope;

        @Override
        public void onEvent(RequestEvent event) {
          switch (event.getType()) {
            case REQUEST_MATCHED -> {
              Context parent = ServerSdks.callerContext(server, event.getContainerRequest());
              span = server.getTracer("server").spanBuilder("GET").setSpanKind(SpanKind.SERVER).setParent(parent)
                  .startSpan();
              scope = parent.with(span).makeCurrent();
            }
            case RESOURCE_METHOD_FINISHED -> scope.close();
            case FINISHED -> {
              span.end();
              leftCurrent.add(Context.current());
            }
            default -> {}
          }
        }
      };
    }
  }

  @Override
  protected Application configure() {
    useFreePort();
    serverExport = InMemorySpanExporter.create();
    server = ServerSdks.exportingTo(serverExport);
    runtime = ServerSdks.traceguardOn(server, "on-events");
    telemetry = new EventTelemetry(server);
    return new ResourceConfig(UserResource.class).register(telemetry).register(new TraceguardFeature(runtime));
  }

  @AfterEach
  void stop() {
    runtime.shutdown(Duration.ofSeconds(5));
    server.close();
  }

  @Test
  void get_serverClosesItsScopeBeforeTheResponseFilters_requestThreadLeftWithNoContext() throws Exception {
    for (String user : List.of("users/1", "users/5000")) {
      target(user).request().header("traceparent", PARENT).get().close();

      assertThat(telemetry.leftCurrent.poll(5, TimeUnit.SECONDS)).as("current when %s is done", user)
          .isSameAs(Context.root());
    }
  }

  @Test
  void get_traceguardException_recordedOnTheServersSpan_problemNamesItsTrace() {
    Response response = target("users/5000").request().header("traceparent", PARENT).get();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.readEntity(String.class)).endsWith("\"trace_id\":\"" + TRACE_ID + "\"}");
    // The server ends its span when Jersey is done, after the response was sent.
    SpanData span = await().atMost(Duration.ofSeconds(5))
        .until(serverExport::getFinishedSpanItems, spans -> !spans.isEmpty()).get(0);
    assertThat(span).hasTraceId(TRACE_ID).hasEventsSatisfyingExactly(
        event -> event.hasName(TraceguardAttributes.EXCEPTION_EVENT));
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_CODE)).isEqualTo(1001L);
    assertThat(response.getHeaderString("traceresponse")).contains(span.getSpanId());
  }
}
