package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Exports through the real OTLP/HTTP exporter (JDK HttpClient sender) to a real receiver on 127.0.0.1. */
class TracingRuntimeOtlpIT {

  private static TracingConfig.Builder otlp(OtlpHttpReceiver receiver) {
    return TracingConfig.builder()
        .setServiceName("otlp-it")
        .setServiceVersion("9.9.9")
        .setExporters(List.of("otlp"))
        .setOtlpEndpoint(receiver.endpoint())
        .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(2)).toMillis()))
        .setScheduleDelay(Duration.ofMillis(50))
        .setOtlpMaxAttempts(1);
  }

  private static void spans(TracingRuntime runtime, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      Span span = runtime.tracer().spanBuilder(prefix + i).startSpan();
      span.end();
    }
  }

  @Test
  void export_runningReceiver_spansArriveWithResourceAndHeaders() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
        TracingRuntime runtime = TracingRuntime.create(
            otlp(receiver).setOtlpHeaders(Map.of("Authorization", "Bearer test-token")).build()).start()) {

      spans(runtime, "op-", 3);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 3);
      assertThat(receiver.spanNames()).containsExactlyInAnyOrder("op-0", "op-1", "op-2");
      Map<String, String> resource = receiver.resourceSpans().get(0).getResource().getAttributesList().stream()
          .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
      assertThat(resource).containsEntry("service.name", "otlp-it").containsEntry("service.version", "9.9.9");
      assertThat(receiver.lastHeaders()).containsEntry("authorization", "Bearer test-token");
    }
  }

  @Test
  void export_receiverDownAtStartThenUp_bufferedSpansArriveNoneDropped() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    TracingConfig config = TracingConfig.builder()
        .setServiceName("outage-it")
        .setExporters(List.of("otlp"))
        .setOtlpEndpoint("http://127.0.0.1:" + port)
        .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(1)).toMillis()))
        .setScheduleDelay(Duration.ofMillis(50))
        .setOtlpMaxAttempts(1)
        .build();
    try (TracingRuntime runtime = TracingRuntime.create(config).start()) {
      spans(runtime, "during-outage-", 5);
      // Nothing listens yet: the exports fail and the spans wait in the retry buffer.
      runtime.forceFlush(Duration.ofSeconds(5));

      try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(port)) {
        spans(runtime, "after-", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 6);
        assertThat(receiver.spanNames()).contains("during-outage-0", "during-outage-4", "after-0");
        assertThat(runtime.droppedSpans(DropReason.RETRY_BUFFER_FULL)).isZero();
        assertThat(runtime.droppedSpans(DropReason.EXPORT_FAILED)).isZero();
      }
    }
  }

  @Test
  void export_receiverAnswers500ThenRecovers_spansArrive() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
        TracingRuntime runtime = TracingRuntime.create(otlp(receiver).build()).start()) {
      receiver.mode(OtlpHttpReceiver.Mode.FAIL_500);
      spans(runtime, "failed-", 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests() >= 1);
      runtime.forceFlush(Duration.ofSeconds(5));

      receiver.mode(OtlpHttpReceiver.Mode.OK);
      spans(runtime, "ok-", 1);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 5);
      assertThat(receiver.spanNames()).contains("failed-0", "failed-3", "ok-0");
    }
  }

  @Test
  void export_bufferTooSmallForOutage_oldestDroppedAndCountedExactly() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    TracingConfig config = TracingConfig.builder()
        .setServiceName("small-buffer-it")
        .setExporters(List.of("otlp"))
        .setOtlpEndpoint("http://127.0.0.1:" + port)
        .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(1)).toMillis()))
        .setScheduleDelay(Duration.ofMillis(50))
        .setOtlpMaxAttempts(1)
        .setRetryBufferSize(3)
        .build();
    try (TracingRuntime runtime = TracingRuntime.create(config).start()) {
      spans(runtime, "lost-", 10);
      runtime.forceFlush(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10)).until(() -> runtime.droppedSpans(DropReason.RETRY_BUFFER_FULL) == 7);

      try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(port)) {
        spans(runtime, "new-", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 4);
        assertThat(receiver.spanNames()).containsExactlyInAnyOrder("lost-7", "lost-8", "lost-9", "new-0");
      }
    }
  }

  @Test
  void shutdown_spansQueued_exportsThemBeforeReturning() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort())) {
      TracingRuntime runtime = TracingRuntime.create(
          otlp(receiver).setScheduleDelay(Duration.ofMinutes(10)).build()).start();
      spans(runtime, "queued-", 25);

      boolean done = runtime.shutdown(Duration.ofSeconds(10));

      assertThat(done).isTrue();
      assertThat(receiver.spans()).hasSize(25);
    }
  }

  @Test
  void export_backendHoldsEveryRequest_spansStillEndAtOnceAndOverflowIsCounted() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
        TracingRuntime runtime = TracingRuntime.create(otlp(receiver)
            .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(30)).toMillis()))
            .setMaxQueueSize(100)
            .setMaxExportBatchSize(10)
            .build()).start()) {
      receiver.mode(OtlpHttpReceiver.Mode.HOLD);
      spans(runtime, "first-", 10);
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests() == 1);

      // The backend answers nothing while 1,000 more spans end: if ending a span waited on the network, this
      // thread would block here until the receiver is released and the test would time out instead.
      spans(runtime, "held-", 1000);
      long queueDrops = runtime.droppedSpans(DropReason.QUEUE_FULL);
      receiver.release();

      assertThat(queueDrops).isPositive();
      runtime.forceFlush(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(receiver.spans().size() + runtime.droppedSpans(DropReason.QUEUE_FULL)).isEqualTo(1010));
    }
  }

  @Test
  void export_backendAnswers200WithGarbage_treatedAsDeliveredAndLaterExportsWork() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
        TracingRuntime runtime = TracingRuntime.create(otlp(receiver).build()).start()) {
      receiver.mode(OtlpHttpReceiver.Mode.GARBAGE_200);
      spans(runtime, "garbage-", 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests() >= 1);
      runtime.forceFlush(Duration.ofSeconds(5));

      receiver.mode(OtlpHttpReceiver.Mode.OK);
      spans(runtime, "fine-", 2);

      // A 200 means accepted in OTLP, whatever the body: nothing is re-sent, nothing counted as dropped.
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 2);
      assertThat(receiver.spanNames()).containsExactlyInAnyOrder("fine-0", "fine-1");
      for (DropReason reason : DropReason.values()) {
        assertThat(runtime.droppedSpans(reason)).as(reason.name()).isZero();
      }
    }
  }

  @Test
  void export_peerSpeaksNoHttp_failsAndCountsEverySpanWithoutBuffer() throws Exception {
    try (java.net.ServerSocket garbage = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread peer = new Thread(() -> {
        while (!garbage.isClosed()) {
          try (java.net.Socket socket = garbage.accept()) {
            socket.getOutputStream().write("\u0000\u00ffnot http at all\r\n\r\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
          } catch (java.io.IOException e) {
            return;
          }
        }
      }, "garbage-peer");
      peer.setDaemon(true);
      peer.start();
      TracingConfig config = TracingConfig.builder()
          .setServiceName("garbage-peer-it")
          .setExporters(List.of("otlp"))
          .setOtlpEndpoint("http://127.0.0.1:" + garbage.getLocalPort())
          .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(2)).toMillis()))
          .setScheduleDelay(Duration.ofMillis(50))
          .setOtlpMaxAttempts(1)
          .setRetryBufferSize(0)
          .build();
      try (TracingRuntime runtime = TracingRuntime.create(config).start()) {
        spans(runtime, "lost-", 7);
        runtime.forceFlush(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.droppedSpans(DropReason.EXPORT_FAILED) == 7);
      }
    }
  }
}
