package dev.traceguard.jaxrs.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.model.internal.CommonConfig;
import org.glassfish.jersey.model.internal.ComponentBag;
import org.glassfish.jersey.server.ResourceConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Jersey application and client of an application that has a runtime is traced, with no registration in the code. */
class JerseyAutoDiscoverableTest {
  private static final TracingRuntime RUNTIME = ApplicationRuntime.RUNTIME;

  private static HttpServer server;
  private static URI base;

  @TempDir
  Path dir;

  /** An untraced server that answers the traceparent it received. */
  @jakarta.ws.rs.Path("/echo")
  public static class EchoResource {
    @GET
    @Produces("text/plain")
    public String echo(@HeaderParam("traceparent") @Nullable String traceparent) {
      return String.valueOf(traceparent);
    }

    @GET
    @jakarta.ws.rs.Path("/baggage")
    @Produces("text/plain")
    public String baggage(@HeaderParam("baggage") @Nullable String baggage) {
      return String.valueOf(baggage);
    }
  }

  @BeforeAll
  static void start() {
    RUNTIME.start();
    server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
        new ResourceConfig(EchoResource.class));
    base = URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");
  }

  @AfterAll
  static void stop() {
    server.shutdownNow();
    RUNTIME.close();
  }

  @Test
  void plainClient_applicationHasARuntime_callTracedAndContextInjected() throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    String echoed;
    try (URLClassLoader application = ApplicationRuntime.loaderIn(dir, getClass().getClassLoader())) {
      thread.setContextClassLoader(application);
      Client client = ClientBuilder.newClient();
      try {
        echoed = client.target(base).path("echo").request().get(String.class);
      } finally {
        client.close();
      }
    } finally {
      thread.setContextClassLoader(original);
    }

    SpanData span = ApplicationRuntime.firstSpan();
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(echoed).isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
        + span.getSpanContext().getTraceFlags().asHex());
  }

  @Test
  void asyncCall_insideASpanWithBaggage_childOfTheCallersSpanAndBaggageSent() throws Exception {
    Client client = ClientBuilder.newClient().register(new TraceguardFeature(RUNTIME));
    Span caller = RUNTIME.tracer().spanBuilder("caller").startSpan();
    String echoedParent;
    String echoedBaggage;
    try (Scope span = caller.makeCurrent();
        Scope baggage = Baggage.builder().put("tenant", "acme").build().makeCurrent()) {
      // The filters of an asynchronous call run on Jersey's executor, where none of this is current.
      echoedParent = client.target(base).path("echo").request().async().get(String.class).get(10, SECONDS);
      echoedBaggage = client.target(base).path("echo/baggage").request().async().get(String.class).get(10, SECONDS);
    } finally {
      caller.end();
      client.close();
    }

    String traceId = caller.getSpanContext().getTraceId();
    List<SpanData> clientSpans = await().atMost(Duration.ofSeconds(10)).until(() -> {
      RUNTIME.forceFlush(Duration.ofSeconds(5));
      return ApplicationRuntime.EXPORTER.getFinishedSpanItems().stream()
          .filter(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(traceId))
          .toList();
    }, spans -> spans.size() >= 2);
    assertThat(clientSpans).hasSize(2)
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId()));
    assertThat(echoedParent).contains(caller.getSpanContext().getTraceId());
    assertThat(echoedBaggage).isEqualTo("tenant=acme");
  }

  /** An application's own executor for asynchronous calls. */
  @org.glassfish.jersey.client.ClientAsyncExecutor
  public static final class OwnExecutor implements org.glassfish.jersey.spi.ExecutorServiceProvider {
    @Override
    public java.util.concurrent.ExecutorService getExecutorService() {
      return java.util.concurrent.Executors.newSingleThreadExecutor();
    }

    @Override
    public void dispose(java.util.concurrent.ExecutorService executorService) {
      executorService.shutdown();
    }
  }

  @Test
  void feature_clientWithItsOwnAsyncExecutor_keepsIt() {
    CommonConfig own = new CommonConfig(RuntimeType.CLIENT, ComponentBag.INCLUDE_ALL);
    own.register(OwnExecutor.class);
    CommonConfig plain = new CommonConfig(RuntimeType.CLIENT, ComponentBag.INCLUDE_ALL);

    new TraceguardFeature(RUNTIME).configure(own);
    new TraceguardFeature(RUNTIME).configure(plain);

    assertThat(JerseySupport.hasAsyncExecutor(own)).isTrue();
    assertThat(own.getInstances()).noneMatch(JerseyAsyncExecutor.class::isInstance);
    assertThat(plain.getInstances()).anyMatch(JerseyAsyncExecutor.class::isInstance);
  }

  @Test
  void plainClient_noProviderAnswers_untracedAndNothingInjected() {
    Client client = ClientBuilder.newClient();
    try {
      assertThat(client.target(base).path("echo").request().get(String.class)).isEqualTo("null");
    } finally {
      client.close();
    }
  }

  @Test
  void configure_noRuntimeAnywhere_registersNothing() {
    CommonConfig client = new CommonConfig(RuntimeType.CLIENT, ComponentBag.INCLUDE_ALL);

    new JerseyAutoDiscoverable(Optional::empty).configure(client);

    assertThat(client.isRegistered(TraceguardFeature.class)).isFalse();
  }

  @Test
  void configure_runtimeFound_registersTheFeatureOnce() {
    CommonConfig client = new CommonConfig(RuntimeType.CLIENT, ComponentBag.INCLUDE_ALL);
    JerseyAutoDiscoverable discoverable = new JerseyAutoDiscoverable(() -> Optional.of(RUNTIME));

    discoverable.configure(client);
    discoverable.configure(client);

    assertThat(client.getInstances()).filteredOn(TraceguardFeature.class::isInstance).hasSize(1);
  }

  @Test
  void configure_clientRegisteredItsOwnFeature_keepsIt() {
    CommonConfig client = new CommonConfig(RuntimeType.CLIENT, ComponentBag.INCLUDE_ALL);
    TraceguardFeature own = new TraceguardFeature(RUNTIME);
    client.register(own);

    new JerseyAutoDiscoverable(() -> Optional.of(RUNTIME)).configure(client);

    assertThat(client.getInstances()).filteredOn(TraceguardFeature.class::isInstance).containsExactly(own);
  }

  @Test
  void configure_serverWithTheApplicationsRuntime_registersTheFeatureOnce() {
    CommonConfig server = new CommonConfig(RuntimeType.SERVER, ComponentBag.INCLUDE_ALL);
    JerseyAutoDiscoverable discoverable = new JerseyAutoDiscoverable(() -> Optional.of(RUNTIME));

    discoverable.configure(server);
    discoverable.configure(server);

    assertThat(server.getInstances()).filteredOn(TraceguardFeature.class::isInstance).hasSize(1);
  }

  @Test
  void configure_serverFoundTheFeatureByScanningOrNoRuntime_registersNothingMore() {
    CommonConfig scanned = new CommonConfig(RuntimeType.SERVER, ComponentBag.INCLUDE_ALL);
    scanned.register(TraceguardFeature.class);
    CommonConfig plain = new CommonConfig(RuntimeType.SERVER, ComponentBag.INCLUDE_ALL);

    new JerseyAutoDiscoverable(() -> Optional.of(RUNTIME)).configure(scanned);
    new JerseyAutoDiscoverable(Optional::empty).configure(plain);

    assertThat(scanned.getInstances()).noneMatch(TraceguardFeature.class::isInstance);
    assertThat(plain.isRegistered(TraceguardFeature.class)).isFalse();
  }

  @Test
  void configure_runtimeLookUpFails_registersNothingAndDoesNotThrow() {
    CommonConfig client = new CommonConfig(RuntimeType.CLIENT, ComponentBag.INCLUDE_ALL);

    new JerseyAutoDiscoverable(() -> {
      throw new IllegalStateException("provider broken");
    }).configure(client);

    assertThat(client.isRegistered(TraceguardFeature.class)).isFalse();
  }
}
