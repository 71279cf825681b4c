package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.internal.ClientTracingFilter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A trace crossing two real HTTP servers on 127.0.0.1 through a traced JAX-RS client. */
class ClientPropagationTest {
  static URI backendUri;
  static Client client;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private TracingRuntime runtime;
  private HttpServer frontend;
  private HttpServer backend;

  @Path("/front")
  public static class FrontResource {
    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
      Response answer = client.target(backendUri).path("back").path(id).request().get();
      return Response.status(answer.getStatus()).entity(answer.readEntity(String.class)).build();
    }
  }

  @Path("/back")
  public static class BackResource {
    @GET
    @Path("/{id}")
    @jakarta.ws.rs.Produces("text/plain")
    public Response get(@PathParam("id") String id, @HeaderParam("traceparent") String traceparent) {
      return id.equals("missing")
          ? Response.status(404).entity("none").build()
          : Response.ok("saw " + traceparent).build();
    }
  }

  @BeforeEach
  void start() {
    runtime = TracingRuntime.create(
        TracingConfig.builder().setServiceName("propagation").setExporters(List.of())
            .setClientRequestHeaders(List.of("traceparent"))
            .setClientResponseHeaders(List.of("Content-Type"))
            .build(),
        List.of(exporter)).start();
    TraceguardFeature feature = new TraceguardFeature(runtime);
    client = ClientBuilder.newClient().register(feature);
    backendUri = URI.create("http://127.0.0.1:" + LoopbackJerseyTest.freePort() + "/");
    backend = GrizzlyHttpServerFactory.createHttpServer(backendUri,
        new ResourceConfig(BackResource.class).register(feature));
    frontend = GrizzlyHttpServerFactory.createHttpServer(
        URI.create("http://127.0.0.1:" + LoopbackJerseyTest.freePort() + "/"),
        new ResourceConfig(FrontResource.class).register(feature));
  }

  @AfterEach
  void stop() {
    client.close();
    frontend.shutdownNow();
    backend.shutdownNow();
    runtime.shutdown(Duration.ofSeconds(5));
  }

  private URI frontend(String path) {
    return URI.create("http://127.0.0.1:" + frontend.getListener("grizzly").getPort() + "/" + path);
  }

  private List<SpanData> spans(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      runtime.forceFlush(Duration.ofSeconds(5));
      return exporter.getFinishedSpanItems().size() >= count;
    });
    return exporter.getFinishedSpanItems();
  }

  private static SpanData span(List<SpanData> spans, SpanKind kind, String name) {
    return spans.stream().filter(s -> s.getKind() == kind && s.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void call_throughTracedClient_oneTraceServerClientServer() {
    Client plain = ClientBuilder.newClient();
    String body;
    try {
      body = plain.target(frontend("front/42")).request().get(String.class);
    } finally {
      plain.close();
    }

    List<SpanData> spans = spans(3);
    SpanData front = span(spans, SpanKind.SERVER, "GET /front/{id}");
    SpanData call = span(spans, SpanKind.CLIENT, "GET");
    SpanData back = span(spans, SpanKind.SERVER, "GET /back/{id}");
    assertThat(call.getTraceId()).isEqualTo(front.getTraceId());
    assertThat(back.getTraceId()).isEqualTo(front.getTraceId());
    assertThat(call.getParentSpanId()).isEqualTo(front.getSpanId());
    assertThat(back.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(body).isEqualTo("saw 00-" + call.getTraceId() + "-" + call.getSpanId() + "-"
        + call.getSpanContext().getTraceFlags().asHex());
    assertThat(call.getAttributes().get(TraceguardAttributes.URL_FULL)).isEqualTo(backendUri + "back/42");
    assertThat(call.getAttributes().get(TraceguardAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(call.getAttributes().get(TraceguardAttributes.SERVER_PORT)).isEqualTo((long) backendUri.getPort());
    assertThat(call.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(call.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.traceparent")))
        .containsExactly("00-" + call.getTraceId() + "-" + call.getSpanId() + "-"
            + call.getSpanContext().getTraceFlags().asHex());
    assertThat(call.getAttributes().get(AttributeKey.stringArrayKey("http.response.header.content-type")))
        .containsExactly("text/plain");
  }

  @Test
  void call_aSecondTraceguardFilterOnTheClient_keepsTheFirstsSpan() {
    // As on RESTEasy when the application registers the feature on a client built during a request: the
    // application's filter beside the one RESTEasy hands the client from the server's configuration. Filters on
    // either side of the second one see which span the call carries.
    ClientTracingFilter second = new ClientTracingFilter(runtime);
    List<Object> carried = new ArrayList<>();
    Client twice = ClientBuilder.newClient().register(new TraceguardFeature(runtime))
        .register((ClientRequestFilter) request -> carried.add(request.getProperty(TraceguardAttributes.CLIENT_SPAN)),
            Priorities.HEADER_DECORATOR + 1)
        .register((ClientRequestFilter) second::filter, Priorities.HEADER_DECORATOR + 2)
        .register((ClientResponseFilter) second::filter)
        .register((ClientRequestFilter) request -> carried.add(request.getProperty(TraceguardAttributes.CLIENT_SPAN)),
            Priorities.HEADER_DECORATOR + 3);
    String body;
    try {
      body = twice.target(backendUri).path("back").path("7").request().get(String.class);
    } finally {
      twice.close();
    }

    assertThat(carried).hasSize(2).doesNotContainNull();
    assertThat(carried.get(1)).as("the span the call carries after the second filter").isSameAs(carried.get(0));
    SpanData call = span(spans(2), SpanKind.CLIENT, "GET");
    assertThat(body).isEqualTo("saw 00-" + call.getTraceId() + "-" + call.getSpanId() + "-"
        + call.getSpanContext().getTraceFlags().asHex());
  }

  @Test
  void call_backendAnswers404_clientSpanIsError() {
    Client plain = ClientBuilder.newClient();
    try {
      int status = plain.target(frontend("front/missing")).request().get().getStatus();
      assertThat(status).isEqualTo(404);
    } finally {
      plain.close();
    }

    SpanData call = span(spans(3), SpanKind.CLIENT, "GET");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getAttributes().get(TraceguardAttributes.ERROR_TYPE)).isEqualTo("404");
  }

  @Test
  void call_nothingListens_clientSpanEndsWithExceptionEvent() {
    URI closed = URI.create("http://127.0.0.1:" + LoopbackJerseyTest.freePort() + "/nothing");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.target(closed).request().get())
        .isInstanceOf(jakarta.ws.rs.ProcessingException.class);

    SpanData call = span(spans(1), SpanKind.CLIENT, "GET");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getEvents()).extracting(io.opentelemetry.sdk.trace.data.EventData::getName)
        .containsExactly("exception");
    assertThat(call.getAttributes().get(TraceguardAttributes.ERROR_TYPE)).isNotNull();
  }
}
