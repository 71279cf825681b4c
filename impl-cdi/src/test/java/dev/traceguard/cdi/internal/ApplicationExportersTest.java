package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor a server's SDK is built with under {@code traceguard-all-mp} (here an SDK built the way the server's
 * autoconfigure applies the customizer), and the {@code @TraceguardExporter} beans attached to it later.
 */
class ApplicationExportersTest {
  private final TestExporter bean = new TestExporter();
  private final SdkTracerProvider server =
      SdkTracerProvider.builder().addSpanProcessor(ApplicationExporters.forServerSdk()).build();

  @AfterEach
  void tearDown() {
    ApplicationExporters.detach().join(5, TimeUnit.SECONDS);
    server.close();
  }

  private void endServerSpan(String name) {
    server.get("io.smallrye.opentelemetry").spanBuilder(name)
        .setAttribute(TraceguardAttributes.URL_QUERY, "email=bob@example.com").startSpan().end();
  }

  @Test
  void attach_serverSpans_reachTheBeansMasked() {
    ApplicationExporters.attach(List.of(bean.exporter()), TracingConfig.builder().setServiceName("shop").build());

    endServerSpan("GET /orders/{id}");
    server.forceFlush().join(5, TimeUnit.SECONDS);

    assertThat(ApplicationExporters.installed()).isTrue();
    assertThat(bean.exported()).singleElement().satisfies(span -> {
      assertThat(span.getName()).isEqualTo("GET /orders/{id}");
      assertThat(span.getAttributes().get(TraceguardAttributes.URL_QUERY)).startsWith("email=")
          .doesNotContain("bob@example.com");
    });
  }

  @Test
  void onEnd_nothingAttached_theBeansSeeNothingOfIt() {
    endServerSpan("before the beans");
    ApplicationExporters.attach(List.of(bean.exporter()), TracingConfig.builder().setServiceName("shop").build());
    endServerSpan("after");
    server.forceFlush().join(5, TimeUnit.SECONDS);

    assertThat(bean.exported()).extracting(SpanData::getName).containsExactly("after");
  }

  @Test
  void detach_exportsWhatWasQueuedThenShutsTheBeansDown() {
    ApplicationExporters.attach(List.of(bean.exporter()), TracingConfig.builder().setServiceName("shop").build());
    endServerSpan("queued");

    assertThat(ApplicationExporters.detach().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
    endServerSpan("after the application stopped");

    assertThat(bean.exported()).extracting(SpanData::getName).containsExactly("queued");
    assertThat(bean.shutdowns()).isEqualTo(1);
  }

  @Test
  void shutdownOfTheServersSdk_flushesTheBeansWithoutStoppingThem() {
    ApplicationExporters.attach(List.of(bean.exporter()), TracingConfig.builder().setServiceName("shop").build());
    endServerSpan("last");

    server.shutdown().join(5, TimeUnit.SECONDS);

    assertThat(bean.exported()).extracting(SpanData::getName).containsExactly("last");
    assertThat(bean.shutdowns()).isZero();
  }

  @Test
  void attach_again_replacesAndShutsDownTheEarlierBeans() {
    TestExporter earlier = new TestExporter();
    ApplicationExporters.attach(List.of(earlier.exporter()), TracingConfig.builder().setServiceName("shop").build());

    ApplicationExporters.attach(List.of(bean.exporter()), TracingConfig.builder().setServiceName("shop").build());
    endServerSpan("later");
    server.forceFlush().join(5, TimeUnit.SECONDS);

    assertThat(earlier.exported()).isEmpty();
    // The earlier batch processor shuts its exporters down on its own worker thread, after attach has returned.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(earlier.shutdowns()).isEqualTo(1));
    assertThat(bean.exported()).extracting(SpanData::getName).containsExactly("later");
  }
}
