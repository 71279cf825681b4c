package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code java.util.logging} records through the SDK's logs pipeline ({@code otel.logs.exporter=otlp}) to a real
 * OTLP/HTTP receiver: trace context attached, personal data masked, the bridge gone after shutdown.
 */
class TracingRuntimeLogsIT {
  private static final Logger appLogger = Logger.getLogger("com.example.Orders");

  private static TracingConfig config(OtlpHttpReceiver receiver, String logsExporter) {
    return TracingConfig.builder()
        .setServiceName("logs-it")
        .setExporters(List.of("otlp"))
        .setOtlpEndpoint(receiver.endpoint())
        .setSdkProperty("otel.logs.exporter", logsExporter)
        .setSdkProperty("otel.blrp.schedule.delay", "50")
        .setScheduleDelay(Duration.ofMillis(50))
        .build();
  }

  @Test
  void log_insideSpan_arrivesMaskedWithTraceContextAndSeverity() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
        TracingRuntime runtime = TracingRuntime.create(config(receiver, "otlp")).start()) {
      Span span = runtime.tracer().spanBuilder("place order").startSpan();
      SpanContext context = span.getSpanContext();
      try (Scope ignored = span.makeCurrent()) {
        appLogger.log(Level.WARNING, "Order {0} for {1} refused",
            new Object[] {"ORD-2026-000123", "alice@example.com"});
      } finally {
        span.end();
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.logRecords().isEmpty());
      LogRecord record = receiver.logRecords().get(0);
      assertThat(record.getBody().getStringValue()).isEqualTo("Order ORD-2026-000123 for a***@example.com refused");
      assertThat(record.getSeverityText()).isEqualTo("WARNING");
      assertThat(record.getSeverityNumberValue()).isEqualTo(13); // WARN
      assertThat(HexFormat.of().formatHex(record.getTraceId().toByteArray())).isEqualTo(context.getTraceId());
      assertThat(HexFormat.of().formatHex(record.getSpanId().toByteArray())).isEqualTo(context.getSpanId());
      Map<String, String> resource = receiver.resourceLogs().get(0).getResource().getAttributesList().stream()
          .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
      assertThat(resource).containsEntry("service.name", "logs-it");
      assertThat(receiver.resourceLogs().get(0).getScopeLogs(0).getScope().getName()).isEqualTo("com.example.Orders");
    }
  }

  @Test
  void log_withException_exceptionAttributesMasked() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
        TracingRuntime runtime = TracingRuntime.create(config(receiver, "otlp")).start()) {
      appLogger.log(Level.SEVERE, "Payment failed", new IllegalStateException("card 4111 1111 1111 1111 declined"));

      await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.logRecords().isEmpty());
      Map<String, String> attributes = receiver.logRecords().get(0).getAttributesList().stream()
          .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
      assertThat(attributes)
          .containsEntry("exception.type", "java.lang.IllegalStateException")
          .containsEntry("exception.message", "card ****-****-****-1111 declined")
          .containsKey("exception.stacktrace");
      assertThat(attributes.get("exception.stacktrace")).doesNotContain("4111 1111").contains("IllegalStateException");
    }
  }

  @Test
  void start_logsExporterNone_installsNoHandler() throws Exception {
    int before = Logger.getLogger("").getHandlers().length;
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
        TracingRuntime runtime = TracingRuntime.create(config(receiver, "none")).start()) {
      assertThat(Logger.getLogger("").getHandlers()).hasSize(before);
      appLogger.warning("not exported");
      assertThat(runtime.forceFlush(Duration.ofSeconds(5))).isTrue();
      assertThat(receiver.logRecords()).isEmpty();
    }
  }

  @Test
  void shutdown_recordsLoggedBefore_exportedAndHandlerRemoved() throws Exception {
    int before = Logger.getLogger("").getHandlers().length;
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort())) {
      TracingRuntime runtime = TracingRuntime.create(TracingConfig.builder()
          .setServiceName("logs-it")
          .setExporters(List.of("otlp"))
          .setOtlpEndpoint(receiver.endpoint())
          .setSdkProperty("otel.logs.exporter", "otlp")
          .setSdkProperty("otel.blrp.schedule.delay", "60000") // only the shutdown sends them
          .build()).start();
      Handler[] during = Logger.getLogger("").getHandlers();
      assertThat(during).hasSize(before + 1);
      for (int i = 0; i < 5; i++) {
        appLogger.info("record " + i);
      }

      assertThat(runtime.shutdown(Duration.ofSeconds(10))).isTrue();

      assertThat(receiver.logRecords()).extracting(r -> r.getBody().getStringValue())
          .containsExactly("record 0", "record 1", "record 2", "record 3", "record 4");
      assertThat(Logger.getLogger("").getHandlers()).hasSize(before);
      appLogger.info("after shutdown");
      assertThat(receiver.logRecords()).hasSize(5);
    }
  }
}
