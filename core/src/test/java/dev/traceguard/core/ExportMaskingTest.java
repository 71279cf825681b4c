package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

/** Masking in front of exporters of an SDK Traceguard did not build, as a server's own. */
class ExportMaskingTest {
  private static final TracingConfig CONFIG = TracingConfig.builder().setServiceName("masking").build();

  @Test
  void spans_personalDataAndQuerySecret_maskedBeforeTheExporter() {
    InMemorySpanExporter received = InMemorySpanExporter.create();
    // Read before the provider closes: the in-memory exporter forgets its spans at shutdown.
    try (SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(ExportMasking.spans(received, CONFIG))).build()) {
      provider.get("server").spanBuilder("GET /orders")
          .setAttribute(TraceguardAttributes.URL_QUERY, "email=bob@example.com&token=s3cr3t")
          .startSpan().end();

      String query = received.getFinishedSpanItems().get(0).getAttributes().get(TraceguardAttributes.URL_QUERY);
      assertThat(query).startsWith("email=").doesNotContain("bob@example.com", "s3cr3t");
    }
  }

  @Test
  void logRecords_personalData_maskedBeforeTheExporter() {
    InMemoryLogRecordExporter received = InMemoryLogRecordExporter.create();
    try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(ExportMasking.logRecords(received, CONFIG))).build()) {
      provider.get("server").logRecordBuilder().setBody("refund for bob@example.com")
          .setAttribute(AttributeKey.stringKey("customer"), "alice@example.com").emit();

      assertThat(received.getFinishedLogRecordItems()).singleElement().satisfies(record -> {
        assertThat(record.getBodyValue().asString()).startsWith("refund for ").doesNotContain("bob@example.com");
        assertThat(record.getAttributes().get(AttributeKey.stringKey("customer")))
            .doesNotContain("alice@example.com");
      });
    }
  }
}
