package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor a server's SDK is built with under {@code traceguard-all-mp} (here an SDK built the way the server's
 * autoconfigure applies the customizer), and the {@code @TraceguardExporter} beans' processor, a runtime's on that
 * SDK, attached to it later.
 */
class ApplicationExportersTest {
  private final TestExporter bean = new TestExporter();
  private final SdkTracerProvider server =
      SdkTracerProvider.builder().addSpanProcessor(ApplicationExporters.forServerSdk()).build();
  private final List<TracingRuntime> runtimes = new ArrayList<>();

  @AfterEach
  void tearDown() {
    ApplicationExporters.detach();
    runtimes.forEach(TracingRuntime::close);
    server.close();
  }

  private TracingRuntime runtimeFor(TestExporter exporter) {
    TracingRuntime runtime = TracingRuntime.onServer(TracingConfig.builder().setServiceName("shop").build(),
        () -> OpenTelemetrySdk.builder().setTracerProvider(server).build(), List.of(), List.of(exporter.exporter()));
    runtimes.add(runtime);
    return runtime.start();
  }

  private static void attach(TracingRuntime runtime) {
    ApplicationExporters.attach(runtime.applicationSpanProcessor().orElseThrow());
  }

  private void endServerSpan(String name) {
    server.get("io.smallrye.opentelemetry").spanBuilder(name)
        .setAttribute(TraceguardAttributes.URL_QUERY, "email=bob@example.com").startSpan().end();
  }

  @Test
  void attach_serverSpans_reachTheBeansMasked() {
    TracingRuntime runtime = runtimeFor(bean);
    attach(runtime);

    endServerSpan("GET /orders/{id}");
    assertThat(runtime.forceFlush(Duration.ofSeconds(5))).isTrue();

    assertThat(ApplicationExporters.installed()).isTrue();
    assertThat(bean.exported()).singleElement().satisfies(span -> {
      assertThat(span.getName()).isEqualTo("GET /orders/{id}");
      assertThat(span.getAttributes().get(TraceguardAttributes.URL_QUERY)).startsWith("email=")
          .doesNotContain("bob@example.com");
    });
  }

  @Test
  void onEnd_nothingAttached_theBeansSeeNothingOfIt() {
    TracingRuntime runtime = runtimeFor(bean);
    endServerSpan("before the beans");
    attach(runtime);
    endServerSpan("after");
    server.forceFlush().join(5, TimeUnit.SECONDS);

    assertThat(bean.exported()).extracting(SpanData::getName).containsExactly("after");
  }

  @Test
  void detach_thenRuntimeShutdown_exportsWhatWasQueuedAndShutsTheBeansDown() {
    TracingRuntime runtime = runtimeFor(bean);
    attach(runtime);
    endServerSpan("queued");

    ApplicationExporters.detach();
    endServerSpan("after the application stopped");
    assertThat(runtime.shutdown(Duration.ofSeconds(5))).isTrue();

    assertThat(bean.exported()).extracting(SpanData::getName).containsExactly("queued");
    assertThat(bean.shutdowns()).isEqualTo(1);
  }

  @Test
  void shutdownOfTheServersSdk_flushesTheBeansWithoutStoppingThem() {
    attach(runtimeFor(bean));
    endServerSpan("last");

    server.shutdown().join(5, TimeUnit.SECONDS);

    assertThat(bean.exported()).extracting(SpanData::getName).containsExactly("last");
    assertThat(bean.shutdowns()).isZero();
  }

  @Test
  void attach_again_replacesTheEarlierProcessor() {
    TestExporter earlier = new TestExporter();
    TracingRuntime earlierRuntime = runtimeFor(earlier);
    attach(earlierRuntime);

    attach(runtimeFor(bean));
    endServerSpan("later");
    server.forceFlush().join(5, TimeUnit.SECONDS);
    earlierRuntime.forceFlush(Duration.ofSeconds(5));

    assertThat(earlier.exported()).isEmpty();
    assertThat(bean.exported()).extracting(SpanData::getName).containsExactly("later");
  }
}
