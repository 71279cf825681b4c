package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The customizer a server's autoconfigure finds in {@code traceguard-all-mp}, applied by OpenTelemetry's own
 * autoconfigure as WildFly and Open Liberty build each application's SDK: what the server's spans carry leaves
 * masked. The configured exporter is replaced by an in-memory one first, so the test reads what the masking hands on.
 */
class ServerExportMaskingTest {
  private final InMemorySpanExporter received = InMemorySpanExporter.create();

  private OpenTelemetrySdk serverSdk(Map<String, String> properties) {
    AutoConfiguredOpenTelemetrySdkBuilder builder = AutoConfiguredOpenTelemetrySdk.builder()
        // Over the build's system properties (otel.traces.exporter=none), as a server's own settings would be.
        .addPropertiesCustomizer(configured -> properties)
        .addSpanExporterCustomizer((configured, config) -> received);
    new ServerExportMasking().customize(builder);
    return builder.build().getOpenTelemetrySdk();
  }

  @Test
  void export_serverSpanWithPersonalData_maskedBeforeTheServersExporter() {
    OpenTelemetrySdk sdk = serverSdk(Map.of("otel.traces.exporter", "console", "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none", "otel.bsp.schedule.delay", "10"));
    try {
      sdk.getTracer("io.smallrye.opentelemetry").spanBuilder("GET /orders")
          .setAttribute(TraceguardAttributes.URL_QUERY, "email=bob@example.com&token=s3cr3t")
          .setAttribute("note", "call 4111 1111 1111 1111")
          .startSpan().end();
      sdk.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);

      SpanData span = received.getFinishedSpanItems().get(0);
      assertThat(span.getAttributes().get(TraceguardAttributes.URL_QUERY)).doesNotContain("bob@example.com", "s3cr3t");
      assertThat(span.getAttributes().get(AttributeKey.stringKey("note")))
          .doesNotContain("4111 1111 1111 1111");
    } finally {
      sdk.close();
    }
  }

  @Test
  void export_maskingTurnedOff_queryCredentialsStillRedacted() {
    OpenTelemetrySdk sdk = serverSdk(Map.of("otel.traces.exporter", "console", "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none", "traceguard.pii.enabled", "false"));
    try {
      sdk.getTracer("server").spanBuilder("GET").setAttribute(TraceguardAttributes.URL_QUERY, "email=bob@example.com&password=hunter2")
          .startSpan().end();
      sdk.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(received.getFinishedSpanItems().get(0).getAttributes().get(TraceguardAttributes.URL_QUERY))
          .contains("bob@example.com").doesNotContain("hunter2");
    } finally {
      sdk.close();
    }
  }

  @Test
  void export_serverAlsoRecordsTheWrapperOfTraceguardsException_oneEventLeaves() {
    OpenTelemetrySdk sdk = serverSdk(Map.of("otel.traces.exporter", "console", "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none", "otel.bsp.schedule.delay", "10"));
    try {
      IllegalStateException failure = new IllegalStateException("payment refused for bob@example.com");
      Span span = sdk.getTracer("server").spanBuilder("GET /orders/{id}").startSpan();
      span.recordException(new RuntimeException(failure)); // the server's, about a wrapper: its message restates
      span.recordException(failure); // Traceguard's
      span.end();
      sdk.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(received.getFinishedSpanItems().get(0).getEvents()).singleElement().satisfies(event -> {
        assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
            .isEqualTo(IllegalStateException.class.getName());
        assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
            .doesNotContain("bob@example.com");
      });
    } finally {
      sdk.close();
    }
  }

  @Test
  void customize_invalidTraceguardSetting_failsTheServersSdkNamingIt() {
    assertThatThrownBy(() -> serverSdk(Map.of("otel.traces.exporter", "console", "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none", "traceguard.pii.enabled", "maybe")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("traceguard.pii.enabled").hasMessageContaining("maybe");
  }

  @Test
  void traceguardProperties_applicationSettingsTheServerLacks_addedToIt() throws Exception {
    Map<String, String> added = TestContainers.withConfig(
        Map.of("traceguard.exporter.file.path", "/tmp/app.jsonl", "traceguard.pii.enabled", "true"),
        () -> ServerExportMasking.traceguardProperties(DefaultConfigProperties.createFromMap(
            Map.of("traceguard.pii.enabled", "false", "otel.traces.exporter", "file")),
            ConfigSources.forClassLoader(Thread.currentThread().getContextClassLoader())));

    assertThat(added).containsEntry("traceguard.exporter.file.path", "/tmp/app.jsonl")
        .doesNotContainKey("traceguard.pii.enabled")
        .allSatisfy((key, value) -> assertThat(key).startsWith("traceguard."));
  }
}
