package dev.traceguard.jaxrs;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TestResources.AppSpecificMapper;
import dev.traceguard.jaxrs.TestResources.UserResource;
import dev.traceguard.jaxrs.internal.ClientTracingFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.annotation.Priority;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.glassfish.jersey.server.ResourceConfig;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Traceguard on the server's OpenTelemetry, as with {@code traceguard-all-mp} on a server whose MicroProfile
 * Telemetry is on: the server's filter (here {@link ServerTelemetryFilter}, standing in for WildFly's and Liberty's,
 * at {@code Priorities.USER}) starts and ends the SERVER span; Traceguard records on it and starts none. The real
 * servers are run by module all's {@code WildFlyTelemetryIT}. Jersey on Grizzly, bound to 127.0.0.1.
 */
class ServerTelemetryTest extends LoopbackJerseyTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  private InMemorySpanExporter serverExport;
  private OpenTelemetrySdk server;
  private TracingRuntime runtime;

  /** What the server's MicroProfile Telemetry does for each request: its own SERVER span, current meanwhile. */
  @Priority(Priorities.USER)
  public static final class ServerTelemetryFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private final OpenTelemetrySdk server;

    ServerTelemetryFilter(OpenTelemetrySdk server) {
      this.server = server;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      Context parent = ServerSdks.callerContext(server, request);
      Span span = server.getTracer("server").spanBuilder(request.getMethod()).setSpanKind(SpanKind.SERVER)
          .setParent(parent).startSpan();
      request.setProperty("server.span", span);
      request.setProperty("server.scope", parent.with(span).makeCurrent());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      ((Scope) request.getProperty("server.scope")).close();
      ((Span) request.getProperty("server.span")).end();
    }
  }

  @Path("/probe")
  public static class ProbeResource {
    /** What a log line inside the request sees. */
    @GET
    public String probe() {
      return Span.current().getSpanContext().getSpanId() + " mdc=" + MDC.get("span_id");
    }
  }

  @Path("/later")
  public static class LaterResource {
    /** Answers from another thread once the method has returned, so the server's response filter runs there. */
    @GET
    public CompletionStage<String> later() {
      return CompletableFuture.supplyAsync(() -> "later", CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }
  }

  /** Notes what the request thread holds once every other listener has heard that the resource method returned. */
  public static final class AfterEveryListener implements ApplicationEventListener, RequestEventListener {
    final BlockingQueue<Context> requestThreadContexts = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(ApplicationEvent event) {}

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
      return this;
    }

    @Override
    public void onEvent(RequestEvent event) {
      if (event.getType() == RequestEvent.Type.RESOURCE_METHOD_FINISHED) {
        requestThreadContexts.add(Context.current());
      }
    }
  }

  private AfterEveryListener afterEveryListener;

  @Override
  protected Application configure() {
    useFreePort();
    serverExport = InMemorySpanExporter.create();
    server = ServerSdks.exportingTo(serverExport);
    runtime = ServerSdks.traceguardOn(server, "on-server");
    afterEveryListener = new AfterEveryListener(); // configure() runs before the fields are initialized
    return new ResourceConfig(UserResource.class, ProbeResource.class, LaterResource.class, AppSpecificMapper.class)
        .register(afterEveryListener, Integer.MAX_VALUE)
        .register(new ServerTelemetryFilter(server))
        .register(new TraceguardFeature(runtime));
  }

  @AfterEach
  void stop() {
    runtime.shutdown(Duration.ofSeconds(5));
    server.close();
  }

  @Test
  void get_traceguardException_recordedOnTheServersOnlyServerSpan_problemNamesItsTrace() {
    Response response = target("users/5000").request().header("traceparent", PARENT).get();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.readEntity(String.class)).contains("\"error_code\":1001")
        .endsWith("\"trace_id\":\"" + TRACE_ID + "\"}");
    SpanData span = serverExport.getFinishedSpanItems().get(0);
    assertThat(serverExport.getFinishedSpanItems()).hasSize(1);
    assertThat(span).hasKind(SpanKind.SERVER).hasTraceId(TRACE_ID)
        .hasAttributesSatisfying(attributes -> {
          assertThat(attributes.get(TraceguardAttributes.ERROR_CODE)).isEqualTo(1001L);
          assertThat(attributes.get(TraceguardAttributes.ERROR_DOMAIN)).isEqualTo("USER");
        })
        .hasEventsSatisfyingExactly(event -> event.hasName(TraceguardAttributes.EXCEPTION_EVENT));
    assertThat(response.getHeaderString("traceresponse"))
        .isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
  }

  @Test
  void get_applicationsOwnMapper_recordedOnTheServersSpan() {
    Response response = target("users/teapot").request().get();

    assertThat(response.getStatus()).isEqualTo(418);
    assertThat(serverExport.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE))
            .isEqualTo(TestResources.AppSpecificException.class.getName()));
  }

  @Test
  void get_healthy_resourceSeesTheServersSpanAndItsMdc_noSpanOfTraceguards() {
    Response response = target("probe").request().get();

    String spanId = serverExport.getFinishedSpanItems().get(0).getSpanId();
    assertThat(response.readEntity(String.class)).isEqualTo(spanId + " mdc=" + spanId);
    assertThat(serverExport.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void get_asyncResponse_serverClosesItsScopeOnAnotherThread_requestThreadLeftWithNoContext() throws Exception {
    Response response = target("later").request().header("traceparent", PARENT).get();

    assertThat(response.readEntity(String.class)).isEqualTo("later");
    assertThat(afterEveryListener.requestThreadContexts.poll(5, TimeUnit.SECONDS)).isSameAs(Context.root());
    assertThat(serverExport.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getTraceId()).isEqualTo(TRACE_ID));
  }

  @Test
  void client_onServer_leftToTheServersFilters() {
    Client client = ClientBuilder.newClient().register(new TraceguardFeature(runtime));
    try {
      assertThat(client.getConfiguration().isRegistered(TraceguardFeature.class)).isTrue();
      assertThat(client.getConfiguration().isRegistered(ClientTracingFilter.class)).isFalse();
    } finally {
      client.close();
    }
  }
}
