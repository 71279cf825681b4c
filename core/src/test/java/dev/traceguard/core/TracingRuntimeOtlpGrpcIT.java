package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TraceguardException;
import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Exports through the real OTLP/gRPC exporter (OkHttp gRPC sender, as users add it) to a real grpc-java server on
 * 127.0.0.1.
 */
class TracingRuntimeOtlpGrpcIT {
  private static final String EXPORT_METHOD = OtlpGrpcReceiver.SERVICE + "/Export";

  private static TracingConfig.Builder grpc(String endpoint) {
    return TracingConfig.builder()
        .setServiceName("grpc-it")
        .setServiceVersion("7.7.7")
        .setExporters(List.of("otlp"))
        .setSdkProperty("otel.exporter.otlp.protocol", "grpc")
        .setOtlpEndpoint(endpoint)
        // Generous: the first gRPC call of a cold JVM (Netty and OkHttp loading) can take seconds on a loaded CI box.
        .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(10)).toMillis()))
        .setScheduleDelay(Duration.ofMillis(50))
        .setOtlpMaxAttempts(1);
  }

  private static void spans(TracingRuntime runtime, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      Span span = runtime.tracer().spanBuilder(prefix + i).startSpan();
      // The same long value on every span: gzip has something to squeeze, so compressed and plain sizes differ.
      span.setAttribute("payload", "x".repeat(200));
      span.end();
    }
  }

  @Test
  void export_grpcReceiver_spansArriveWithResourceAndMetadata() throws Exception {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start(0);
        TracingRuntime runtime = TracingRuntime.create(grpc(receiver.endpoint())
            .setOtlpHeaders(Map.of("Authorization", "Bearer grpc-token", "X-Tenant", "acme"))
            .build()).start()) {

      spans(runtime, "op-", 3);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 3);
      assertThat(receiver.spanNames()).containsExactlyInAnyOrder("op-0", "op-1", "op-2");
      Map<String, String> resource = receiver.resourceSpans().get(0).getResource().getAttributesList().stream()
          .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
      assertThat(resource).containsEntry("service.name", "grpc-it").containsEntry("service.version", "7.7.7");
      assertThat(receiver.methods()).containsOnly(EXPORT_METHOD);
      assertThat(receiver.metadata()).allSatisfy(metadata -> assertThat(metadata)
          .containsEntry("authorization", "Bearer grpc-token")
          .containsEntry("x-tenant", "acme")
          .containsEntry("content-type", "application/grpc")
          .hasEntrySatisfying("user-agent", agent -> assertThat(agent).startsWith("OTel-OTLP-Exporter-Java/"))
          .doesNotContainKey("grpc-encoding"));
      assertThat(receiver.wireBytes()).isEqualTo(receiver.uncompressedBytes());
    }
  }

  @Test
  void export_gzipCompression_messagesArriveCompressedAndDecode() throws Exception {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start(0);
        TracingRuntime runtime = TracingRuntime.create(
            grpc(receiver.endpoint()).setSdkProperty("otel.exporter.otlp.compression", "gzip").build()).start()) {

      spans(runtime, "zipped-", 20);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 20);
      assertThat(receiver.spanNames()).hasSize(20).contains("zipped-0", "zipped-19").doesNotHaveDuplicates();
      assertThat(receiver.metadata()).allSatisfy(metadata -> assertThat(metadata)
          .containsEntry("grpc-encoding", "gzip"));
      // The tracer sees each message as sent and as decompressed: gzip must have made it smaller.
      assertThat(receiver.wireBytes()).isPositive().isLessThan(receiver.uncompressedBytes() / 2);
    }
  }

  @Test
  void export_receiverDownAtStartThenUp_bufferedSpansArriveNoneDropped() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    try (TracingRuntime runtime = TracingRuntime.create(grpc("http://127.0.0.1:" + port).build()).start()) {
      spans(runtime, "during-outage-", 5);
      // Nothing listens yet: the exports fail and the spans wait in the retry buffer.
      runtime.forceFlush(Duration.ofSeconds(5));

      try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start(port)) {
        spans(runtime, "after-", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 6);
        assertThat(receiver.spanNames()).containsExactlyInAnyOrder(
            "during-outage-0", "during-outage-1", "during-outage-2", "during-outage-3", "during-outage-4",
            "after-0");
        for (DropReason reason : DropReason.values()) {
          assertThat(runtime.droppedSpans(reason)).as(reason.name()).isZero();
        }
      }
    }
  }

  @Test
  void export_receiverAnswersUnavailableThenRecovers_spansArriveOnce() throws Exception {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start(0);
        TracingRuntime runtime = TracingRuntime.create(grpc(receiver.endpoint()).build()).start()) {
      receiver.mode(OtlpGrpcReceiver.Mode.UNAVAILABLE);
      spans(runtime, "refused-", 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests() >= 1);
      runtime.forceFlush(Duration.ofSeconds(5));
      assertThat(receiver.spans()).isEmpty();

      receiver.mode(OtlpGrpcReceiver.Mode.OK);
      spans(runtime, "ok-", 1);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 5);
      assertThat(receiver.spanNames()).containsExactlyInAnyOrder(
          "refused-0", "refused-1", "refused-2", "refused-3", "ok-0");
    }
  }

  @Test
  void export_receiverThrottlesWithRetryInfo_spansArriveAfterTheDelayNotBefore() throws Exception {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start(0);
        TracingRuntime runtime = TracingRuntime.create(grpc(receiver.endpoint())
            .setOtlpMaxAttempts(3)
            .setRetryInitialBackoff(Duration.ofMillis(200))
            .setRetryMaxBackoff(Duration.ofSeconds(10))
            .build()).start()) {
      receiver.throttle(2);
      spans(runtime, "throttled-", 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.throttledAtNanos().isEmpty());
      receiver.mode(OtlpGrpcReceiver.Mode.OK);
      spans(runtime, "meanwhile-", 2);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 6);

      assertThat(receiver.throttledAtNanos()).as("one answer, not retried at once by the sender").hasSize(1);
      long waitedMillis = (receiver.acceptedAtNanos().get(0) - receiver.throttledAtNanos().get(0)) / 1_000_000;
      assertThat(waitedMillis).isGreaterThanOrEqualTo(1_900);
      assertThat(receiver.spanNames().subList(0, 4)).allMatch(name -> name.startsWith("throttled-"));
    }
  }

  @Test
  void exportMetrics_errorsRecordedInAndOutsideAnEntryPoint_counterArrivesWithItsAttributesOverGrpc()
      throws Exception {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start(0);
        TracingRuntime runtime = TracingRuntime.create(grpc(receiver.endpoint())
            .setExporters(List.of())
            .setSdkProperty("otel.metrics.exporter", "otlp")
            .build()).start()) {
      // An entry point as an integration makes one: a SERVER span whose context carries a scope, and inside it an
      // exception recorded on a child span and recovered from.
      ErrorScope scope = ErrorScope.create();
      Span server = runtime.tracer().spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER).startSpan();
      Context request = scope.storeIn(Context.root().with(server));
      try (Scope ignored = request.makeCurrent()) {
        Span inner = runtime.tracer().spanBuilder("Payments.charge").startSpan();
        runtime.exceptionTracer().record(inner, SpanKind.INTERNAL,
            new TraceguardException(TraceguardMetricsTest.PaymentError.DECLINED, "declined"));
        inner.end();
      }
      runtime.errors().end(scope, request, "/orders/{id}", 200);
      server.end();
      // And one outside any entry point: counted at once, without route or status.
      Span client = runtime.tracer().spanBuilder("GET").setSpanKind(SpanKind.CLIENT).startSpan();
      runtime.exceptionTracer().record(client, SpanKind.CLIENT, new IOException("connection refused"));
      client.end();

      await().atMost(Duration.ofSeconds(10)).until(() -> {
        runtime.forceFlush(Duration.ofSeconds(5));
        return receiver.metrics().stream().anyMatch(m -> m.getName().equals(TraceguardMetrics.ERRORS));
      });

      assertThat(receiver.methods()).contains(OtlpGrpcReceiver.METRICS_SERVICE + "/Export");
      Metric errors = receiver.metrics().stream()
          .filter(m -> m.getName().equals(TraceguardMetrics.ERRORS)).findFirst().orElseThrow();
      assertThat(errors.getUnit()).isEqualTo("{error}");
      assertThat(errors.getSum().getIsMonotonic()).isTrue();
      Map<String, NumberDataPoint> byType = errors.getSum().getDataPointsList().stream()
          .collect(Collectors.toMap(p -> attributes(p.getAttributesList()).get("error.type"), p -> p));
      assertThat(byType).containsOnlyKeys(TraceguardException.class.getName(), IOException.class.getName());

      NumberDataPoint inRequest = byType.get(TraceguardException.class.getName());
      assertThat(inRequest.getAsInt()).isEqualTo(1);
      assertThat(attributes(inRequest.getAttributesList())).containsOnly(
          Map.entry("error.type", TraceguardException.class.getName()),
          Map.entry("error.code", "2001"),
          Map.entry("error.domain", "PAYMENT"),
          Map.entry("http.route", "/orders/{id}"),
          Map.entry("http.response.status_code", "200"));
      assertThat(inRequest.getExemplarsList()).isNotEmpty().allSatisfy(exemplar -> assertThat(
          HexFormat.of().formatHex(exemplar.getTraceId().toByteArray()))
          .isEqualTo(server.getSpanContext().getTraceId()));

      NumberDataPoint outside = byType.get(IOException.class.getName());
      assertThat(outside.getAsInt()).isEqualTo(1);
      assertThat(attributes(outside.getAttributesList())).containsOnlyKeys("error.type");
    }
  }

  /** An OTLP attribute list as strings, whatever the value's type. */
  private static Map<String, String> attributes(List<KeyValue> attributes) {
    return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().hasIntValue()
        ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue()));
  }
}
