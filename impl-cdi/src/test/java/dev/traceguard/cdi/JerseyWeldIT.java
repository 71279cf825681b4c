package dev.traceguard.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.spi.TracingRuntimeProvider;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both integrations in one application, as a Jakarta EE server runs them ({@link JerseyOnWeld}): the resource a
 * {@code @RequestScoped} CDI bean, and the feature registered without a runtime, so that it must take the
 * container's through the {@link TracingRuntimeProvider} service.
 *
 * <p>The container's configuration (service name, a schedule delay long enough that only a flush exports) is given
 * as system properties while it starts and removed right after, so a runtime the feature built on its own from
 * system properties would carry neither. Each test has its own container and server, both on 127.0.0.1.
 */
class JerseyWeldIT {
  /** This test's server, for the resource that calls it back. */
  static volatile URI self;
  private static final String SERVICE = "jersey-weld-it";
  private static final Map<String, String> CONTAINER_CONFIG = Map.of(
      "otel.service.name", SERVICE,
      "otel.traces.exporter", "none",
      // Nothing is exported unless flushed: the shutdown test sees what only the container's shutdown exported.
      "otel.bsp.schedule.delay", "1m");
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final Duration WAIT = JerseyOnWeld.WAIT;

  private JerseyOnWeld app;
  private WeldContainer container;

  @BeforeEach
  void start() throws Exception {
    app = JerseyOnWeld.start(CONTAINER_CONFIG, OrderResource.class, Inventory.class, Exporter.class);
    container = app.container();
    self = app.base();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void get_tracedResourceCallingTracedBean_oneServerSpanParentOfTheInternalSpans() throws Exception {
    HttpResponse<String> response = get("orders/7");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("order-7");
    List<SpanData> spans = flushedSpans(3);
    SpanData server = span(spans, "GET /orders/{id}");
    SpanData resource = span(spans, "OrderResource.get");
    SpanData bean = span(spans, "Inventory.reserve");
    assertThat(spans).filteredOn(s -> s.getKind() == SpanKind.SERVER).containsExactly(server);
    assertThat(server.getParentSpanContext().isValid()).isFalse();
    assertThat(resource.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(resource.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(bean.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(bean.getParentSpanId()).isEqualTo(resource.getSpanId());
    assertThat(bean.getAttributes().get(AttributeKey.longKey("order.id"))).isEqualTo(7L);
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(server.getTraceId());
    assertThat(response.headers().firstValue(TraceguardAttributes.TRACERESPONSE_HEADER))
        .hasValue("00-" + server.getTraceId() + "-" + server.getSpanId() + "-"
            + server.getSpanContext().getTraceFlags().asHex());
  }

  @Test
  void feature_registeredWithoutRuntime_usesTheContainersRuntime() throws Exception {
    TracingRuntime containerRuntime = container.select(TracingRuntime.class).get();

    get("orders/8");

    // The spans reached the exporter added through CDI, and carry the service name only the container was given.
    List<SpanData> spans = flushedSpans(3);
    assertThat(spans).extracting(s -> s.getResource().getAttribute(SERVICE_NAME)).containsOnly(SERVICE);
    assertThat(containerRuntime.config().serviceName()).isEqualTo(SERVICE);
    assertThat(System.getProperty("otel.service.name")).isNull();
    // And the provider the feature asked is the container's, answering the very runtime CDI injects.
    assertThat(ServiceLoader.load(TracingRuntimeProvider.class).stream()
        .map(provider -> provider.get().runtime())
        .flatMap(Optional::stream)
        .collect(Collectors.toList()))
        .singleElement().isSameAs(containerRuntime);
  }

  @Test
  void clientBuiltByTheApplication_noRegistration_tracedByTheContainersRuntimeAndContextInjected() throws Exception {
    HttpResponse<String> response = get("orders/11/again");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("order-11");
    List<SpanData> spans = flushedSpans(5);
    SpanData outer = span(spans, "GET /orders/{id}/again");
    SpanData client = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    SpanData inner = span(spans, "GET /orders/{id}");
    assertThat(client.getParentSpanId()).isEqualTo(outer.getSpanId());
    assertThat(inner.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(outer.getTraceId());
    assertThat(client.getResource().getAttribute(SERVICE_NAME)).isEqualTo(SERVICE);
  }

  @Test
  void microProfileRestClient_noRegistration_tracedByTheContainersRuntimeAndContextInjected() throws Exception {
    HttpResponse<String> response = get("orders/12/rest-client");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("order-12");
    List<SpanData> spans = flushedSpans(5);
    SpanData outer = span(spans, "GET /orders/{id}/rest-client");
    SpanData client = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    SpanData inner = span(spans, "GET /orders/{id}");
    assertThat(client.getParentSpanId()).isEqualTo(outer.getSpanId());
    assertThat(inner.getParentSpanId()).isEqualTo(client.getSpanId());
  }

  @Test
  void get_beanThrowsTraceguardException_problemJsonWithTraceIdAndErrorOnEverySpan() throws Exception {
    HttpResponse<String> response = get("orders/5000");

    assertThat(response.statusCode()).as("%s %s", response.headers(), response.body()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    List<SpanData> spans = flushedSpans(3);
    SpanData server = span(spans, "GET /orders/{id}");
    SpanData resource = span(spans, "OrderResource.get");
    SpanData bean = span(spans, "Inventory.reserve");
    assertThat(response.body())
        .contains("\"status\":404", "\"error_code\":2001", "\"error_domain\":\"ORDER\"", "\"detail\":\"No such order\"")
        .contains("\"trace_id\":\"" + server.getTraceId() + "\"");
    assertThat(spans).filteredOn(s -> s.getKind() == SpanKind.SERVER).containsExactly(server);

    assertThat(bean.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(exceptionEvent(bean).getAttributes().get(TraceguardAttributes.EXCEPTION_TYPE))
        .isEqualTo(TraceguardException.class.getName());
    assertThat(bean.getAttributes().get(TraceguardAttributes.ERROR_CODE)).isEqualTo(2001L);
    assertThat(resource.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(resource.getParentSpanId()).isEqualTo(server.getSpanId());

    // A 4xx leaves a SERVER span's status UNSET, with the error recorded all the same.
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(exceptionEvent(server).getAttributes().get(TraceguardAttributes.EXCEPTION_TYPE))
        .isEqualTo(TraceguardException.class.getName());
    assertThat(server.getAttributes().get(TraceguardAttributes.ERROR_CODE)).isEqualTo(2001L);
    assertThat(server.getAttributes().get(TraceguardAttributes.ERROR_DOMAIN)).isEqualTo("ORDER");
    assertThat(server.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(404L);
  }

  @Test
  void containerShutdown_spansStillQueued_exportedBeforeItStops() throws Exception {
    Exporter exporter = container.select(Exporter.class).get();

    assertThat(get("orders/9").statusCode()).isEqualTo(200);
    assertThat(exporter.spans()).isEmpty(); // queued: the schedule delay is a minute

    container.shutdown();

    assertThat(exporter.spans()).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("GET /orders/{id}", "OrderResource.get", "Inventory.reserve");
    assertThat(exporter.shutdowns()).isEqualTo(1);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return app.get(path);
  }

  /** Flushes the container's runtime until {@code count} spans were exported, at most {@link #WAIT}. */
  private List<SpanData> flushedSpans(int count) {
    TracingRuntime runtime = container.select(TracingRuntime.class).get();
    Exporter exporter = container.select(Exporter.class).get();
    return await().atMost(WAIT).until(() -> {
      runtime.forceFlush(WAIT);
      return exporter.spans();
    }, spans -> spans.size() >= count);
  }

  private static SpanData span(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(named).as("spans named %s among %s", name, spans).hasSize(1);
    return named.get(0);
  }

  private static EventData exceptionEvent(SpanData span) {
    List<EventData> events = span.getEvents().stream()
        .filter(e -> e.getName().equals(TraceguardAttributes.EXCEPTION_EVENT))
        .collect(Collectors.toList());
    assertThat(events).as("exception events of %s", span.getName()).hasSize(1);
    return events.get(0);
  }

  enum OrderError implements ErrorCode {
    NOT_FOUND;

    @Override
    public int code() {
      return 2001;
    }

    @Override
    public String domain() {
      return "ORDER";
    }

    @Override
    public int httpStatus() {
      return 404;
    }

    @Override
    public String title() {
      return "Order not found";
    }
  }

  /** A JAX-RS resource that is a CDI bean: Jersey takes its instances from the container, so they are intercepted. */
  @Path("/orders")
  @RequestScoped
  public static class OrderResource {
    @Inject
    Inventory inventory;

    @GET
    @Path("/{id}")
    @Traced
    public String get(@PathParam("id") long id) {
      return inventory.reserve(id);
    }

    /** Calls this server again through a MicroProfile Rest Client, built with no Traceguard registration. */
    @GET
    @Path("/{id}/rest-client")
    public String restClient(@PathParam("id") long id) throws Exception {
      OrdersApi orders = RestClientBuilder.newBuilder().baseUri(self).build(OrdersApi.class);
      try {
        return orders.get(id);
      } finally {
        ((AutoCloseable) orders).close();
      }
    }

    /** Calls this server again through a client the application builds with no Traceguard registration. */
    @GET
    @Path("/{id}/again")
    public String again(@PathParam("id") long id) {
      Client client = ClientBuilder.newClient();
      try {
        return client.target(self).path("orders").path(Long.toString(id)).request().get(String.class);
      } finally {
        client.close();
      }
    }
  }

  /** The orders endpoint as a MicroProfile Rest Client interface. */
  @Path("/orders")
  public interface OrdersApi {
    @GET
    @Path("/{id}")
    String get(@PathParam("id") long id);
  }

  @ApplicationScoped
  public static class Inventory {
    @Traced
    public String reserve(@SpanAttribute("order.id") long id) {
      if (id > 999) {
        throw new TraceguardException(OrderError.NOT_FOUND, "No such order", "no order " + id, null);
      }
      return "order-" + id;
    }
  }

  /**
   * The container's in-memory exporter, added to its runtime through {@link TraceguardExporter}. The runtime's
   * shutdown is counted but does not clear the spans (as {@code InMemorySpanExporter.shutdown()} would), so a test
   * can read what the final flush exported.
   */
  @Singleton
  public static class Exporter {
    private final InMemorySpanExporter memory = InMemorySpanExporter.create();
    private final AtomicInteger shutdowns = new AtomicInteger();

    @Produces
    @TraceguardExporter
    SpanExporter exporter() {
      return new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          return memory.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
          return memory.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
          shutdowns.incrementAndGet();
          return CompletableResultCode.ofSuccess();
        }
      };
    }

    List<SpanData> spans() {
      return memory.getFinishedSpanItems();
    }

    int shutdowns() {
      return shutdowns.get();
    }
  }
}
