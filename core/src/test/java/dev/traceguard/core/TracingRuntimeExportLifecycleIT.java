package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #21 with real receivers on 127.0.0.1: the retry buffer drains on its own timer when the backend comes back
 * and no request follows, a receiver's {@code Retry-After} is honoured, a shutdown with the backend down counts and
 * says what it lost before it returns, and a dead backend costs one log line per exporter and interval.
 */
class TracingRuntimeExportLifecycleIT {
  private static final Duration BACKOFF = Duration.ofMillis(500);
  private static final SimpleFormatter FORMAT = new SimpleFormatter();

  private final RecordingLogHandler log = new RecordingLogHandler();
  private final Logger root = Logger.getLogger("");

  @BeforeEach
  void recordLog() {
    root.addHandler(log);
  }

  @AfterEach
  void stopRecording() {
    root.removeHandler(log);
  }

  private static TracingConfig.Builder otlp(String endpoint) {
    return TracingConfig.builder()
        .setServiceName("lifecycle-it")
        .setExporters(List.of("otlp"))
        .setOtlpEndpoint(endpoint)
        .setSdkProperty("otel.exporter.otlp.timeout", "1000")
        .setScheduleDelay(Duration.ofMillis(50))
        .setOtlpMaxAttempts(1)
        .setRetryInitialBackoff(BACKOFF)
        .setRetryMaxBackoff(BACKOFF);
  }

  private static void spans(TracingRuntime runtime, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      runtime.tracer().spanBuilder(prefix + i).startSpan().end();
    }
  }

  private List<String> lines(Level level, String containing) {
    List<String> lines = new ArrayList<>();
    for (LogRecord record : log.records()) {
      String line = FORMAT.formatMessage(record);
      if (record.getLevel() == level && line.contains(containing)) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void receiverDownAtStartThenUp_noFurtherTraffic_everySpanArrivesWithinTheBackoff() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    try (TracingRuntime runtime = TracingRuntime.create(otlp("http://127.0.0.1:" + port).build()).start()) {
      spans(runtime, "outage-", 40);
      await().atMost(Duration.ofSeconds(10)).until(() -> lines(Level.WARNING, "could not export").size() == 1);

      try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(port)) {
        long up = System.nanoTime();
        // Not one more span, flush or export from here: only the retry timer can deliver.
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.spans().size() == 40);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up);
        System.out.printf("retry timer: 40 buffered spans delivered %d ms after the receiver came up"
            + " (back-off %d ms)%n", tookMillis, BACKOFF.toMillis());
        assertThat(tookMillis).isLessThanOrEqualTo(BACKOFF.toMillis() + 1_500);
        assertThat(runtime.droppedSpans(DropReason.SHUTDOWN) + runtime.droppedSpans(DropReason.RETRY_BUFFER_FULL))
            .isZero();
      }
    }
  }

  @Test
  void receiverUpThenDownThenUp_quietAfterwards_spansOfTheOutageArrive() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    OtlpHttpReceiver receiver = OtlpHttpReceiver.start(port);
    try (TracingRuntime runtime = TracingRuntime.create(otlp(receiver.endpoint()).build()).start()) {
      spans(runtime, "before-", 5);
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 5);

      receiver.stop();
      long down = System.nanoTime();
      spans(runtime, "during-", 20);
      await().atMost(Duration.ofSeconds(10)).until(() -> !lines(Level.WARNING, "could not export").isEmpty());
      // The outage: 10 s, over many back-off periods in which every attempt fails.
      Thread.sleep(Math.max(0, 10_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down)));

      receiver.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> receiver.spans().size() == 25);
      assertThat(receiver.spanNames()).filteredOn(name -> name.startsWith("during-")).hasSize(20);
    } finally {
      receiver.close();
    }
  }

  @Test
  void receiverThrottles_retryAfterTwoSeconds_spansArriveAfterItNotBefore() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
        TracingRuntime runtime = TracingRuntime.create(otlp(receiver.endpoint())
            .setOtlpMaxAttempts(3)
            .setRetryMaxBackoff(Duration.ofSeconds(10))
            .build()).start()) {
      receiver.throttle(2);
      spans(runtime, "throttled-", 10);
      await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.throttledAtNanos().isEmpty());
      receiver.mode(OtlpHttpReceiver.Mode.OK);
      spans(runtime, "meanwhile-", 5);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 15);

      long throttled = receiver.throttledAtNanos().get(0);
      long firstAccepted = receiver.acceptedAtNanos().get(0);
      assertThat(receiver.throttledAtNanos()).as("one 429, not retried at once by the sender").hasSize(1);
      assertThat(TimeUnit.NANOSECONDS.toMillis(firstAccepted - throttled)).isGreaterThanOrEqualTo(1_900);
      assertThat(receiver.spanNames().subList(0, 10)).allMatch(name -> name.startsWith("throttled-"));
    }
  }

  @Test
  void shutdown_receiverDead_countsEverySpanAndWarnsBeforeReturningWithinTheTimeout() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    TracingRuntime runtime = TracingRuntime.create(otlp("http://127.0.0.1:" + port)
        .setScheduleDelay(Duration.ofSeconds(1))
        .setMaxExportBatchSize(8)
        .build()).start();
    spans(runtime, "lost-", 30);

    long began = System.nanoTime();
    boolean done = runtime.shutdown(Duration.ofSeconds(3));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    List<String> warningsWhenReturned = lines(Level.WARNING, "shut down before");

    assertThat(done).isFalse();
    assertThat(tookMillis).isLessThan(3_500);
    long dropped = 0;
    for (DropReason reason : DropReason.values()) {
      dropped += runtime.droppedSpans(reason);
    }
    assertThat(dropped).as("every span made is counted once").isEqualTo(30);
    assertThat(warningsWhenReturned).as("logged before shutdown returned").singleElement().asString()
        .contains("Traceguard [lifecycle-it] shut down before", "http://127.0.0.1:" + port + "/v1/traces",
            "(SHUTDOWN)");
    System.out.printf("shutdown with a dead receiver: %d ms, %s%n", tookMillis, warningsWhenReturned.get(0));
  }

  @Test
  void shutdown_receiverNeverAnswers_countsQueuedAndInFlightWithinTheTimeout() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort())) {
      receiver.mode(OtlpHttpReceiver.Mode.HOLD);
      TracingRuntime runtime = TracingRuntime.create(otlp(receiver.endpoint())
          .setSdkProperty("otel.exporter.otlp.timeout", "30000")
          .setMaxExportBatchSize(8)
          .build()).start();
      spans(runtime, "held-", 30);
      await().atMost(Duration.ofSeconds(5)).until(() -> receiver.requests() == 1);

      long began = System.nanoTime();
      boolean done = runtime.shutdown(Duration.ofSeconds(2));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
      List<String> warnings = lines(Level.WARNING, "shut down before");

      assertThat(done).isFalse();
      assertThat(tookMillis).isBetween(1_900L, 2_500L);
      assertThat(runtime.droppedSpans(DropReason.SHUTDOWN)).isEqualTo(30);
      // The held batch is what the worker had taken when it woke: up to 8 spans (fewer on a busy machine).
      assertThat(warnings).singleElement().asString().contains("30 to " + receiver.endpoint() + "/v1/traces")
          .satisfies(warning -> {
            Matcher counts = Pattern.compile("\\((\\d+) queued, (\\d+) in flight, 0 waiting for retry\\)")
                .matcher(warning);
            assertThat(counts.find()).isTrue();
            int inFlight = Integer.parseInt(counts.group(2));
            assertThat(inFlight).isBetween(1, 8);
            assertThat(Integer.parseInt(counts.group(1)) + inFlight).isEqualTo(30);
          });
      receiver.release();
    }
  }

  @Test
  void forceFlush_receiverDead_returnsFalse() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    try (TracingRuntime runtime = TracingRuntime.create(otlp("http://127.0.0.1:" + port).build()).start()) {
      spans(runtime, "flush-", 3);

      assertThat(runtime.forceFlush(Duration.ofSeconds(5))).isFalse();
    }
  }

  @Test
  void outage_thirtySeconds_oneLineNamingTheEndpoint_noSdkStackTraces() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    try (TracingRuntime runtime = TracingRuntime.create(otlp("http://127.0.0.1:" + port)
        .setRetryInitialBackoff(Duration.ofMillis(100))
        .setRetryMaxBackoff(Duration.ofMillis(100))
        .build()).start()) {
      // The 30 s outage with traffic all along: an export every 50 ms, a retry every 100 ms, all failing.
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int round = 0;
      while (System.nanoTime() < end) {
        spans(runtime, "round-" + round++ + "-", 2);
        Thread.sleep(100);
      }
      assertThat(round).isGreaterThan(200);
      System.out.printf("30 s outage: %d rounds of spans, %d WARNING lines from the exporter%n", round,
          lines(Level.WARNING, "could not export").size());

      List<String> ours = lines(Level.WARNING, "could not export");
      assertThat(ours).singleElement().asString()
          .contains("http://127.0.0.1:" + port + "/v1/traces (OtlpHttpSpanExporter): connection refused");
      assertThat(log.records()).as("the SDK's own per-batch messages are held back")
          .noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
              && r.getLoggerName() != null && r.getLoggerName().startsWith("io.opentelemetry.exporter"));
    }
  }
}
