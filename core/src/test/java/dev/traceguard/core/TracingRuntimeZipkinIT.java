package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.ZipkinServer.ZipkinSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exports through the real Zipkin exporter (URLConnection sender) to a real Zipkin server on 127.0.0.1 and reads the
 * spans back through Zipkin's query API. One server serves the class; only the outage test restarts it. Service and
 * span names are lower case because Zipkin stores them so.
 */
class TracingRuntimeZipkinIT {
  private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order.id");
  /** Generous for a busy machine: with a 50 ms schedule delay, spans normally show up within a second. */
  private static final Duration ARRIVAL = Duration.ofSeconds(20);

  private static ZipkinServer zipkin;

  @BeforeAll
  static void startZipkin() throws Exception {
    zipkin = ZipkinServer.onFreePort().start();
  }

  @AfterAll
  static void stopZipkin() {
    if (zipkin != null) {
      zipkin.close();
    }
  }

  /** Brings the server back should an earlier outage test have failed while it was down; no-op when running. */
  @BeforeEach
  void zipkinRunning() throws Exception {
    zipkin.start();
  }

  private static TracingConfig.Builder zipkinConfig(String serviceName, String endpoint) {
    return TracingConfig.builder()
        .setServiceName(serviceName)
        .setExporters(List.of("zipkin"))
        .setSdkProperty("otel.exporter.zipkin.endpoint", endpoint)
        .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(2)).toMillis())) // also the Zipkin sender's connect and read timeout
        .setScheduleDelay(Duration.ofMillis(50));
  }

  private static void spans(TracingRuntime runtime, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      runtime.tracer().spanBuilder(prefix + i).startSpan().end();
    }
  }

  private static Map<DropReason, Long> drops(TracingRuntime runtime) {
    Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    for (DropReason reason : DropReason.values()) {
      drops.put(reason, runtime.droppedSpans(reason));
    }
    return drops;
  }

  private static List<String> names(List<ZipkinSpan> spans) {
    return spans.stream().map(ZipkinSpan::name).toList();
  }

  @Test
  void export_runningZipkin_traceArrivesWithServiceParentAndTags() throws Exception {
    try (TracingRuntime runtime = TracingRuntime.create(zipkinConfig("zipkin-it", zipkin.endpoint()).build())
        .start()) {
      Span parent = runtime.tracer().spanBuilder("checkout").startSpan();
      Span child;
      Scope scope = parent.makeCurrent();
      try {
        child = runtime.tracer().spanBuilder("charge-card").setAttribute(ORDER_ID, "o-42").startSpan();
        child.end();
      } finally {
        scope.close();
        parent.end();
      }

      await().atMost(ARRIVAL).untilAsserted(() ->
          assertThat(names(zipkin.spans("zipkin-it"))).containsExactlyInAnyOrder("checkout", "charge-card"));

      List<ZipkinSpan> spans = zipkin.spans("zipkin-it");
      String traceId = parent.getSpanContext().getTraceId();
      assertThat(traceId).matches("[0-9a-f]{32}");
      assertThat(spans).allSatisfy(span -> {
        assertThat(span.traceId()).isEqualTo(traceId);
        assertThat(span.serviceName()).isEqualTo("zipkin-it");
      });
      ZipkinSpan zipkinParent = spans.stream().filter(s -> s.name().equals("checkout")).findFirst().orElseThrow();
      ZipkinSpan zipkinChild = spans.stream().filter(s -> s.name().equals("charge-card")).findFirst().orElseThrow();
      assertThat(zipkinParent.id()).isEqualTo(parent.getSpanContext().getSpanId());
      assertThat(zipkinParent.parentId()).isNull();
      assertThat(zipkinChild.id()).isEqualTo(child.getSpanContext().getSpanId());
      assertThat(zipkinChild.parentId()).isEqualTo(zipkinParent.id());
      assertThat(zipkinChild.tags()).containsEntry("order.id", "o-42");
      assertThat(drops(runtime).values()).containsOnly(0L);
    }
  }

  @Test
  void export_zipkinRestartedMidRun_outageSpansArriveOnceNoneDropped() throws Exception {
    try (TracingRuntime runtime = TracingRuntime.create(zipkinConfig("outage-it", zipkin.endpoint()).build())
        .start()) {
      spans(runtime, "before-", 1);
      await().atMost(ARRIVAL).untilAsserted(() ->
          assertThat(names(zipkin.spans("outage-it"))).containsExactly("before-0"));

      zipkin.stop();
      spans(runtime, "during-outage-", 5);
      // Nothing listens: the export fails and the spans wait in the retry buffer.
      runtime.forceFlush(Duration.ofSeconds(5));
      zipkin.start(); // same port, empty in-memory storage

      spans(runtime, "after-", 1);

      await().atMost(ARRIVAL).untilAsserted(() -> assertThat(names(zipkin.spans("outage-it")))
          .containsExactlyInAnyOrder("during-outage-0", "during-outage-1", "during-outage-2", "during-outage-3",
              "during-outage-4", "after-0"));
      String traces = zipkin.traces("outage-it");
      for (int i = 0; i < 5; i++) {
        assertThat(ZipkinServer.countSpansNamed(traces, "during-outage-" + i)).as("during-outage-" + i).isOne();
      }
      Map<DropReason, Long> drops = drops(runtime);
      assertThat(drops.values()).as("dropped spans by reason: %s", drops).containsOnly(0L);
    }
  }

  @Test
  void export_zipkinDownAtStartThenUp_bufferedSpansArriveNoneDropped() throws Exception {
    try (ZipkinServer late = ZipkinServer.onFreePort();
        TracingRuntime runtime = TracingRuntime.create(zipkinConfig("late-it", late.endpoint()).build()).start()) {
      spans(runtime, "before-start-", 3);
      // Zipkin was never started: the export fails and the spans wait in the retry buffer.
      runtime.forceFlush(Duration.ofSeconds(5));

      late.start();
      spans(runtime, "after-start-", 1);

      await().atMost(ARRIVAL).untilAsserted(() -> assertThat(names(late.spans("late-it")))
          .containsExactlyInAnyOrder("before-start-0", "before-start-1", "before-start-2", "after-start-0"));
      Map<DropReason, Long> drops = drops(runtime);
      assertThat(drops.values()).as("dropped spans by reason: %s", drops).containsOnly(0L);
    }
  }

  @Test
  void export_zipkinDownAtStartThenUp_noFurtherTraffic_bufferedSpansArriveOnTheRetryTimer() throws Exception {
    Duration backoff = Duration.ofSeconds(1);
    try (ZipkinServer late = ZipkinServer.onFreePort();
        TracingRuntime runtime = TracingRuntime.create(zipkinConfig("quiet-it", late.endpoint())
            .setRetryInitialBackoff(backoff)
            .setRetryMaxBackoff(backoff)
            .build()).start()) {
      spans(runtime, "before-start-", 3);
      assertThat(runtime.forceFlush(Duration.ofSeconds(5))).as("Zipkin is not running yet").isFalse();

      late.start();
      long up = System.nanoTime();
      // No span, flush or export from here on: only the exporter's retry timer can deliver.
      await().atMost(ARRIVAL).untilAsserted(() -> assertThat(names(late.spans("quiet-it")))
          .containsExactlyInAnyOrder("before-start-0", "before-start-1", "before-start-2"));
      System.out.printf("Zipkin retry timer: 3 buffered spans seen %d ms after Zipkin was ready (back-off %d ms)%n",
          (System.nanoTime() - up) / 1_000_000, backoff.toMillis());
      Map<DropReason, Long> drops = drops(runtime);
      assertThat(drops.values()).as("dropped spans by reason: %s", drops).containsOnly(0L);
    }
  }
}
