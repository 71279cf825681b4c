package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.Traced;
import dev.traceguard.core.DropReason;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @TraceguardExporter} beans under {@code traceguard-all-mp}: the server's SDK, built with the processor its
 * autoconfigure adds through {@link ServerExportMasking}, hands its spans to the beans through the application
 * runtime's processor, which the container's start attaches and its shutdown detaches and stops.
 */
class ServerOpenTelemetryExportersTest {
  private static final OpenTelemetrySdk SERVER = ServerOpenTelemetryTest.SERVER;

  @AfterEach
  void detach() {
    ApplicationExporters.detach();
  }

  @ApplicationScoped
  static class Orders {
    @Traced
    void find(String email) {
      Span.current().setAttribute(TraceguardAttributes.URL_QUERY, "email=" + email);
    }
  }

  @Test
  void traced_onServer_reachesTheBeansMaskedAndCountedThenStopsWithTheContainer() {
    Weld weld = TestContainers.weld(new TraceguardExtension(true), ServerOpenTelemetryTest.ServerBeans.class,
        Orders.class);
    TestExporter exporter;
    TracingRuntime runtime;
    try (WeldContainer container = weld.initialize()) {
      exporter = container.select(TestExporter.class).get();
      runtime = container.select(TracingRuntime.class).get();
      container.select(Orders.class).get().find("bob@example.com");

      assertThat(exporter.spans(runtime)).singleElement().satisfies(span -> {
        assertThat(span.getName()).isEqualTo("Orders.find");
        assertThat(span.getAttributes().get(TraceguardAttributes.URL_QUERY)).doesNotContain("bob@example.com");
      });
      assertThat(runtime.droppedSpans(DropReason.QUEUE_FULL)).isZero();
      assertThat(exporter.shutdowns()).isZero();
    }

    ServerOpenTelemetryTest.SERVER_EXPORT.reset();
    SERVER.getTracer("server").spanBuilder("after the application stopped").startSpan().end();
    SERVER.getSdkTracerProvider().forceFlush();
    assertThat(exporter.shutdowns()).isEqualTo(1);
    assertThat(exporter.exported()).extracting(SpanData::getName).containsExactly("Orders.find");
    assertThat(ServerOpenTelemetryTest.SERVER_EXPORT.getFinishedSpanItems()).extracting(SpanData::getName)
        .containsExactly("after the application stopped");
    assertThat(runtime.isRunning()).isFalse();
    assertThat(runtime.forceFlush(Duration.ofSeconds(1))).isTrue();
  }
}
