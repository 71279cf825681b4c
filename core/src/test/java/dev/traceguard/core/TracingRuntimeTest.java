package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.PropertySource;
import dev.traceguard.api.Propagator;
import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracingRuntimeTest {
  private static final String BATCH_THREAD = "BatchSpanProcessor_WorkerThread";

  @TempDir Path tempDir;

  /** Spans reach the file only when flushed or shut down: the schedule delay never fires during a test. */
  private TracingConfig fileConfig(Path file) {
    return TracingConfig.builder()
        .setServiceName("runtime-test")
        .setExporters(List.of("file"))
        .setFilePath(file)
        .setScheduleDelay(Duration.ofMinutes(10))
        .build();
  }

  private static Set<Thread> batchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(BATCH_THREAD))
        .collect(Collectors.toSet());
  }

  /** Batch threads alive now that were not alive before: immune to other runtimes' threads still dying. */
  private static Set<Thread> startedSince(Set<Thread> before) {
    Set<Thread> now = new HashSet<>(batchThreads());
    now.removeAll(before);
    return now;
  }

  private static void assertNoop(Span span) {
    assertThat(span.isRecording()).isFalse();
    assertThat(span.getSpanContext().isValid()).isFalse();
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void start_disabledConfig_buildsNothingAndHandsOutNoops() {
    Set<Thread> before = batchThreads();
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.disabled()).start();
    try {
      assertThat(runtime.isRunning()).isTrue();
      assertNoop(runtime.tracer().spanBuilder("disabled").startSpan());
      assertThat(runtime.openTelemetry()).isSameAs(OpenTelemetry.noop());
      assertNoop(runtime.openTelemetry().getTracer("any").spanBuilder("disabled").startSpan());
      assertThat(runtime.propagator()).isSameAs(Propagator.noop());
      assertThat(runtime.exceptionTracer()).isSameAs(ExceptionTracer.noop());
      assertThat(runtime.piiMasker()).isSameAs(PiiMasker.noop());
      assertThat(runtime.forceFlush(Duration.ofSeconds(1))).isTrue();
      for (DropReason reason : DropReason.values()) {
        assertThat(runtime.droppedSpans(reason)).isZero();
      }
      assertThat(startedSince(before)).isEmpty();
    } finally {
      assertThat(runtime.shutdown(Duration.ofSeconds(1))).isTrue();
    }
  }

  @Test
  void tracer_beforeStart_isNoopAndNoThreadStarted() {
    Set<Thread> before = batchThreads();
    TracingRuntime runtime = TracingRuntime.create(fileConfig(tempDir.resolve("spans.jsonl")));
    try {
      assertThat(runtime.isRunning()).isFalse();
      assertNoop(runtime.tracer().spanBuilder("too-early").startSpan());
      assertThat(runtime.openTelemetry()).isSameAs(OpenTelemetry.noop());
      assertThat(startedSince(before)).isEmpty();
    } finally {
      runtime.close();
    }
  }

  @Test
  void start_fileExporter_startsOneBatchThreadThatShutdownStops() {
    Set<Thread> before = batchThreads();
    // The SDK's worker notices shutdown only when its schedule delay runs out: keep that short here.
    TracingConfig config =
        fileConfig(tempDir.resolve("spans.jsonl")).toBuilder().setScheduleDelay(Duration.ofMillis(100)).build();
    TracingRuntime runtime = TracingRuntime.create(config).start();
    Set<Thread> started;
    try {
      started = startedSince(before);
      assertThat(started).hasSize(1);
      assertThat(runtime.tracer().spanBuilder("recorded").startSpan().isRecording()).isTrue();
    } finally {
      assertThat(runtime.shutdown(Duration.ofSeconds(10))).isTrue();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> started.stream().noneMatch(Thread::isAlive));
  }

  @Test
  void piiMasker_patternsOfThePrivacyPagesPropertiesFile_maskTheirMatchesOnly() throws IOException {
    Properties file = new Properties();
    try (InputStream in = TracingRuntimeTest.class.getResourceAsStream("/docs/pii-patterns.properties")) {
      file.load(in);
    }
    Map<String, String> properties = new HashMap<>();
    file.stringPropertyNames().forEach(name -> properties.put(name, file.getProperty(name)));
    properties.put("otel.traces.exporter", "none");

    try (TracingRuntime runtime = TracingRuntime.create(TracingConfig.from(PropertySource.fromMap(properties)))) {
      assertThat(runtime.piiMasker().mask("badge EMP-123456, account CUST-12345678, order EMP-12"))
          .isEqualTo("badge [REDACTED], account [REDACTED], order EMP-12");
    }
  }

  @Test
  void start_calledTwice_keepsTheSameSdkAndThread() {
    Set<Thread> before = batchThreads();
    try (TracingRuntime runtime = TracingRuntime.create(fileConfig(tempDir.resolve("spans.jsonl")))) {
      OpenTelemetry first = runtime.start().openTelemetry();

      OpenTelemetry second = runtime.start().openTelemetry();

      assertThat(first).isInstanceOf(OpenTelemetrySdk.class);
      assertThat(second).isSameAs(first);
      assertThat(startedSince(before)).hasSize(1);
    }
  }

  @Test
  void start_noExporters_buildsSdkButStartsNoBatchThread() {
    Set<Thread> before = batchThreads();
    TracingConfig config = TracingConfig.builder().setServiceName("no-exporters").setExporters(List.of()).build();
    try (TracingRuntime runtime = TracingRuntime.create(config).start()) {
      assertThat(runtime.openTelemetry()).isInstanceOf(OpenTelemetrySdk.class);
      assertThat(runtime.tracer().spanBuilder("recorded").startSpan().isRecording()).isTrue();
      assertThat(startedSince(before)).isEmpty();
    }
  }

  @Test
  void shutdown_calledTwice_returnsTrueAndAccessorsHandOutNoops() {
    TracingRuntime runtime = TracingRuntime.create(fileConfig(tempDir.resolve("spans.jsonl"))).start();
    OpenTelemetry sdk = runtime.openTelemetry();

    assertThat(runtime.shutdown(Duration.ofSeconds(10))).isTrue();
    assertThat(runtime.shutdown(Duration.ofSeconds(10))).isTrue();

    assertThat(runtime.isRunning()).isFalse();
    assertThat(runtime.openTelemetry()).isSameAs(OpenTelemetry.noop());
    assertNoop(runtime.tracer().spanBuilder("too-late").startSpan());
    // The SDK handed out earlier is shut down too: its tracers no longer record.
    assertNoop(sdk.getTracer("stale").spanBuilder("too-late").startSpan());
  }

  @Test
  void start_afterShutdown_throwsIllegalState() {
    TracingRuntime runtime = TracingRuntime.create(fileConfig(tempDir.resolve("spans.jsonl"))).start();
    runtime.shutdown(Duration.ofSeconds(10));

    assertThatIllegalStateException()
        .isThrownBy(runtime::start)
        .withMessage("A TracingRuntime that was shut down cannot start again");
    assertThat(runtime.openTelemetry()).isSameAs(OpenTelemetry.noop());
  }

  @Test
  void start_shutDownBeforeEverStarting_throwsIllegalState() {
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.disabled());
    assertThat(runtime.shutdown(Duration.ofSeconds(1))).isTrue();

    assertThatIllegalStateException()
        .isThrownBy(runtime::start)
        .withMessage("A TracingRuntime that was shut down cannot start again");
  }

  @Test
  void create_nullConfig_throwsNpeNamingConfig() {
    assertThatNullPointerException().isThrownBy(() -> TracingRuntime.create(null)).withMessage("config");
  }

  @Test
  void droppedSpans_nullReason_throwsNpeNamingReason() {
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.disabled());

    assertThatNullPointerException().isThrownBy(() -> runtime.droppedSpans(null)).withMessage("reason");
  }

  /** An exporter that answers every export with {@code success}, and counts the spans it was given. */
  private static io.opentelemetry.sdk.trace.export.SpanExporter answering(boolean success,
      java.util.concurrent.atomic.AtomicInteger seen) {
    return answering(new java.util.concurrent.atomic.AtomicBoolean(success), seen);
  }

  private static io.opentelemetry.sdk.trace.export.SpanExporter answering(
      java.util.concurrent.atomic.AtomicBoolean success, java.util.concurrent.atomic.AtomicInteger seen) {
    return new io.opentelemetry.sdk.trace.export.SpanExporter() {
      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode export(
          java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
        seen.addAndGet(spans.size());
        return success.get() ? io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess()
            : io.opentelemetry.sdk.common.CompletableResultCode.ofFailure();
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode flush() {
        return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
        return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
      }
    };
  }

  @Test
  void forceFlush_exportFails_returnsFalseUntilTheHeldSpanIsDelivered() {
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(false);
    TracingConfig config = TracingConfig.builder().setServiceName("flush-test").setExporters(List.of())
        .setScheduleDelay(Duration.ofMinutes(10)).setRetryInitialBackoff(Duration.ofHours(1)).build();
    try (TracingRuntime runtime = TracingRuntime.create(config, List.of(answering(up, seen))).start()) {
      runtime.tracer().spanBuilder("undelivered").startSpan().end();

      // Exported and failed, then tried once more from the retry buffer by the same flush.
      assertThat(runtime.forceFlush(Duration.ofSeconds(10))).isFalse();
      assertThat(seen).hasValue(2);
      assertThat(runtime.forceFlush(Duration.ofSeconds(10))).as("still held").isFalse();

      up.set(true);
      assertThat(runtime.forceFlush(Duration.ofSeconds(10))).isTrue();
      assertThat(seen).hasValue(4);
      assertThat(runtime.forceFlush(Duration.ofSeconds(10))).as("nothing held, nothing failed").isTrue();
      assertThat(seen).hasValue(4);
    }
  }

  @Test
  void forceFlush_exportSucceeds_returnsTrue() {
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    TracingConfig config = TracingConfig.builder().setServiceName("flush-test").setExporters(List.of())
        .setScheduleDelay(Duration.ofMinutes(10)).build();
    try (TracingRuntime runtime = TracingRuntime.create(config, List.of(answering(true, seen))).start()) {
      runtime.tracer().spanBuilder("delivered").startSpan().end();

      assertThat(runtime.forceFlush(Duration.ofSeconds(10))).isTrue();
      assertThat(seen).hasValue(1);
    }
  }

  @Test
  void forceFlush_fileExporter_writesEndedSpans() throws IOException {
    Path file = tempDir.resolve("flush/spans.jsonl");
    try (TracingRuntime runtime = TracingRuntime.create(fileConfig(file)).start()) {
      runtime.tracer().spanBuilder("flushed-0").startSpan().end();
      runtime.tracer().spanBuilder("flushed-1").startSpan().end();
      assertThat(file).doesNotExist();

      boolean flushed = runtime.forceFlush(Duration.ofSeconds(10));

      assertThat(flushed).isTrue();
      assertThat(lines(file)).hasSize(1);
      assertThat(lines(file).get(0))
          .startsWith("{\"resourceSpans\":[")
          .contains("\"name\":\"flushed-0\"", "\"name\":\"flushed-1\"", "\"stringValue\":\"runtime-test\"");
    }
  }

  @Test
  void close_running_exportsQueuedSpansAndStops() throws IOException {
    Path file = tempDir.resolve("spans.jsonl");
    TracingRuntime runtime = TracingRuntime.create(fileConfig(file)).start();
    runtime.tracer().spanBuilder("queued-at-close").startSpan().end();

    runtime.close();

    assertThat(runtime.isRunning()).isFalse();
    assertThat(lines(file)).singleElement().asString().contains("\"name\":\"queued-at-close\"");
    assertThatIllegalStateException().isThrownBy(runtime::start);
  }

  @Test
  void toString_eachState_namesServiceStateAndExporters() {
    TracingRuntime runtime = TracingRuntime.create(fileConfig(tempDir.resolve("spans.jsonl")));
    assertThat(runtime).hasToString("TracingRuntime{service=runtime-test, state=NEW, exporters=[file]}");

    runtime.start();
    assertThat(runtime).hasToString("TracingRuntime{service=runtime-test, state=RUNNING, exporters=[file]}");

    runtime.close();
    assertThat(runtime).hasToString("TracingRuntime{service=runtime-test, state=SHUT_DOWN, exporters=[file]}");
  }

  @Test
  void config_created_returnsTheGivenConfig() {
    TracingConfig config = fileConfig(tempDir.resolve("spans.jsonl"));

    assertThat(TracingRuntime.create(config).config()).isSameAs(config);
  }

  @Test
  void start_debugWithoutExporters_printsSpansToConsole() {
    TracingConfig config = TracingConfig.builder()
        .setServiceName("console-test")
        .setExporters(List.of())
        .setSamplingRatio(0.0)
        .setDebug(true)
        .setScheduleDelay(Duration.ofMinutes(10))
        .build();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (TracingRuntime runtime = TracingRuntime.create(config).start()) {
      // Debug samples everything although the ratio is 0.
      runtime.tracer().spanBuilder("debug-span").startSpan().end();
      assertThat(runtime.forceFlush(Duration.ofSeconds(10))).isTrue();
    } finally {
      System.setOut(original);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
        header -> assertThat(header).matches("trace [0-9a-f]{32} \\(1 span, console-test\\)"),
        span -> assertThat(span).startsWith("  INTERNAL debug-span ").endsWith(" ms UNSET"));
  }

  @Test
  void droppedSpans_queueOverflowsWhileExportHangs_countsQueueFullExactly() throws IOException {
    // A receiver that accepts connections and never answers: the batch processor's worker waits on its export.
    ServerSocket receiver = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> connections = new CopyOnWriteArrayList<>();
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          connections.add(receiver.accept());
        }
      } catch (IOException closed) {
        // the test is over
      }
    }, "hanging-otlp-receiver");
    acceptor.setDaemon(true);
    acceptor.start();
    TracingConfig config = TracingConfig.builder()
        .setServiceName("queue-full")
        .setExporters(List.of("otlp"))
        .setOtlpEndpoint("http://127.0.0.1:" + receiver.getLocalPort())
        .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(60)).toMillis()))
        .setOtlpMaxAttempts(1)
        .setExportTimeout(Duration.ofSeconds(60))
        .setMaxQueueSize(1)
        .setMaxExportBatchSize(1)
        .setScheduleDelay(Duration.ofMinutes(10))
        .setRetryBufferSize(0)
        .build();
    TracingRuntime runtime = TracingRuntime.create(config).start();
    boolean stopped;
    try {
      runtime.tracer().spanBuilder("in-flight").startSpan().end();
      // Connected means the worker took "in-flight" off the queue and now waits for the answer.
      await().atMost(Duration.ofSeconds(10)).until(() -> !connections.isEmpty());

      runtime.tracer().spanBuilder("queued").startSpan().end();
      for (int i = 0; i < 5; i++) {
        runtime.tracer().spanBuilder("overflow-" + i).startSpan().end();
      }

      assertThat(runtime.droppedSpans(DropReason.QUEUE_FULL)).isEqualTo(5);
      assertThat(runtime.droppedSpans(DropReason.QUEUE_FULL)).isEqualTo(5);
      assertThat(runtime.droppedSpans(DropReason.RETRY_BUFFER_FULL)).isZero();
    } finally {
      receiver.close();
      for (Socket connection : connections) {
        connection.close();
      }
      stopped = runtime.shutdown(Duration.ofSeconds(10));
    }
    // With the receiver gone, "in-flight" and "queued" fail; the retry buffer is off: every ended span is counted.
    assertThat(stopped).isTrue();
    assertThat(runtime.droppedSpans(DropReason.QUEUE_FULL)).isEqualTo(5);
    assertThat(runtime.droppedSpans(DropReason.EXPORT_FAILED)).isEqualTo(2);
  }

  @Test
  void close_exporterNeverFinishes_waitsOnlyTheConfiguredShutdownTimeout() {
    io.opentelemetry.sdk.trace.export.SpanExporter stuck = new io.opentelemetry.sdk.trace.export.SpanExporter() {
      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode export(
          java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
        return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode flush() {
        return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
        return new io.opentelemetry.sdk.common.CompletableResultCode(); // never completes
      }
    };
    TracingRuntime runtime = TracingRuntime.create(
        TracingConfig.builder().setExporters(java.util.List.of()).setShutdownTimeout(Duration.ofMillis(200)).build(),
        java.util.List.of(stuck)).start();

    // With the former fixed 10-second wait this would not return within the bound.
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), runtime::close);
    assertThat(runtime.isRunning()).isFalse();
  }
}
