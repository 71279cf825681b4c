package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.traceguard.core.DropReason;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import io.opentelemetry.exporter.internal.FailedExportException;
import java.net.ConnectException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import dev.traceguard.core.RecordingLogHandler;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class RetryingSpanExporterTest {
  private static final Duration LAST_ATTEMPT = Duration.ofSeconds(5);
  /** Long enough that the timer never fires during a test that does not wait for it. */
  private static final Duration NEVER = Duration.ofHours(1);

  private final ExportCounters counters = new ExportCounters("retry-test", Long.MAX_VALUE);
  private final ManualBackend backend = new ManualBackend();
  private final List<SpanData> spans = spans(8);

  /** A backend whose exports stay pending until the test completes them, unless told to answer at once. */
  private static class ManualBackend implements SpanExporter {
    record Export(List<String> names, CompletableResultCode result) {}

    final List<Export> exports = new CopyOnWriteArrayList<>();
    final List<Long> exportNanos = new CopyOnWriteArrayList<>();
    volatile @Nullable Supplier<CompletableResultCode> answer; // null: pending until completed by hand
    @Nullable RuntimeException toThrow;
    int flushes;
    boolean shutDown;
    CompletableResultCode shutdownResult = CompletableResultCode.ofSuccess();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      if (toThrow != null) {
        throw toThrow;
      }
      Supplier<CompletableResultCode> now = answer;
      CompletableResultCode result = now != null ? now.get() : new CompletableResultCode();
      exportNanos.add(System.nanoTime());
      exports.add(new Export(names(spans), result));
      return result;
    }

    void succeed(int export) {
      exports.get(export).result().succeed();
    }

    void fail(int export) {
      exports.get(export).result().fail();
    }

    List<List<String>> batches() {
      return exports.stream().map(Export::names).toList();
    }

    @Override
    public CompletableResultCode flush() {
      flushes++;
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutDown = true;
      return shutdownResult;
    }
  }

  /** Real spans named s0, s1, ... from the SDK. */
  private static List<SpanData> spans(int count) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    // Read before closing: shutting the provider down clears the in-memory exporter.
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
      Tracer tracer = provider.get("retry-test");
      for (int i = 0; i < count; i++) {
        tracer.spanBuilder("s" + i).startSpan().end();
      }
      return memory.getFinishedSpanItems();
    }
  }

  private static List<String> names(Collection<SpanData> spans) {
    return spans.stream().map(SpanData::getName).toList();
  }

  private List<SpanData> spans(int from, int to) {
    return spans.subList(from, to);
  }

  private final ExportLedger ledger =
      new ExportLedger("retry-test", counters, new QueueDropMonitor(counters), Duration.ofHours(1));
  private final List<RetryingSpanExporter> created = new ArrayList<>();

  @AfterEach
  void stopTimers() {
    backend.answer = CompletableResultCode::ofSuccess; // a last attempt at shutdown needs no waiting
    created.forEach(RetryingSpanExporter::shutdown);
  }

  private RetryingSpanExporter retrying(int capacity, int resendBatchSize) {
    return retrying(backend, capacity, resendBatchSize, NEVER, LAST_ATTEMPT);
  }

  private RetryingSpanExporter retrying(SpanExporter delegate, int capacity, int resendBatchSize, Duration backoff,
      Duration lastAttempt) {
    RetryingSpanExporter exporter = new RetryingSpanExporter(delegate, capacity, resendBatchSize, backoff, backoff,
        lastAttempt, ledger.open(delegate, null), () -> {});
    created.add(exporter);
    return exporter;
  }

  private static CompletableResultCode httpAnswer(int status, Duration retryAfter) {
    return CompletableResultCode.ofExceptionalFailure(FailedExportException.httpFailedWithResponse(
        new ThrottlingHttpSender.Answer(status, "", new byte[0], retryAfter)));
  }

  private static CompletableResultCode refused() {
    return CompletableResultCode.ofExceptionalFailure(
        FailedExportException.httpFailedExceptionally(new ConnectException()));
  }

  @Test
  void timer_backendBackWithoutNewTraffic_sendsBufferedSpansWithinTheBackoff() {
    RetryingSpanExporter exporter = retrying(backend, 10, 2, Duration.ofMillis(50), LAST_ATTEMPT);
    backend.answer = RetryingSpanExporterTest::refused;
    exporter.export(spans(0, 3));
    backend.answer = CompletableResultCode::ofSuccess;

    // No export() from here on: only the exporter's own timer can send the buffer.
    await().atMost(Duration.ofSeconds(5)).until(() -> exporter.held() == 0);

    assertThat(backend.batches()).containsExactly(List.of("s0", "s1", "s2"), List.of("s0", "s1"), List.of("s2"));
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 0, 0));
  }

  @Test
  void timer_backendStaysDown_waitsGrowUpToTheMaximumAndKeepOrder() {
    RetryingSpanExporter exporter = new RetryingSpanExporter(backend, 10, 10, Duration.ofMillis(40),
        Duration.ofMillis(160), LAST_ATTEMPT, ledger.open(backend, null), () -> {});
    created.add(exporter);
    backend.answer = RetryingSpanExporterTest::refused;
    exporter.export(spans(0, 2));

    await().atMost(Duration.ofSeconds(10)).until(() -> backend.exports.size() >= 6);

    List<Long> at = backend.exportNanos;
    long[] waitsMillis = new long[5];
    for (int i = 0; i < 5; i++) {
      waitsMillis[i] = (at.get(i + 1) - at.get(i)) / 1_000_000;
    }
    // Each wait is drawn between half and all of its ceiling: 40, 80, 160, 160, 160 ms.
    assertThat(waitsMillis[0]).isGreaterThanOrEqualTo(19);
    assertThat(waitsMillis[1]).isGreaterThanOrEqualTo(39);
    assertThat(waitsMillis[2]).isGreaterThanOrEqualTo(79);
    assertThat(waitsMillis[4]).isGreaterThanOrEqualTo(79).isLessThan(2_000);
    assertThat(backend.batches()).allMatch(batch -> batch.equals(List.of("s0", "s1")));
    assertThat(exporter.held()).isEqualTo(2);
  }

  @Test
  void export_receiverRejectsTheBatch_dropsItAsRejectedAndSchedulesNothing() {
    RetryingSpanExporter exporter = retrying(backend, 10, 2, Duration.ofMillis(20), LAST_ATTEMPT);
    backend.answer = () -> httpAnswer(400, Duration.ZERO);

    CompletableResultCode result = exporter.export(spans(0, 3));

    assertThat(result.isSuccess()).isFalse();
    assertThat(exporter.held()).isZero();
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 3, 0, 0));
    assertThat(counters.failedExports()).isEqualTo(1);
  }

  @Test
  void export_receiverAsksForQuiet_newBatchesWaitBehindTheBufferUntilRetryAfterPassed() {
    // The maximum back-off bounds how long a Retry-After is honoured: here it is above the receiver's wait.
    RetryingSpanExporter exporter = new RetryingSpanExporter(backend, 10, 10, Duration.ofMillis(20),
        Duration.ofSeconds(1), LAST_ATTEMPT, ledger.open(backend, null), () -> {});
    created.add(exporter);
    backend.answer = () -> httpAnswer(429, Duration.ofMillis(400));
    exporter.export(spans(0, 2));
    backend.answer = CompletableResultCode::ofSuccess;
    long asked = System.nanoTime();

    CompletableResultCode during = exporter.export(spans(2, 3));

    assertThat(during.isSuccess()).as("held back, not sent").isFalse();
    assertThat(backend.batches()).hasSize(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> exporter.held() == 0);
    assertThat(backend.batches()).containsExactly(List.of("s0", "s1"), List.of("s0", "s1", "s2"));
    assertThat((backend.exportNanos.get(1) - asked) / 1_000_000).isGreaterThanOrEqualTo(350);
    assertThat(counters.failedExports()).isEqualTo(2);
  }

  @Test
  void export_failsRepeatedly_oneWarningPerIntervalNamingEndpointAndCause() {
    Logger logger = Logger.getLogger(ExporterAccount.class.getName());
    RecordingLogHandler handler = new RecordingLogHandler();
    logger.addHandler(handler);
    SpanExporter named = new ManualBackend() {
      @Override
      public String toString() {
        return "OtlpHttpSpanExporter{endpoint=http://user:secret@127.0.0.1:4318/v1/traces?token=t, type=span}";
      }
    };
    ((ManualBackend) named).answer = RetryingSpanExporterTest::refused;
    try {
      RetryingSpanExporter exporter = retrying(named, 10, 10, NEVER, LAST_ATTEMPT);
      exporter.export(spans(0, 2));
      exporter.export(spans(2, 3));
      exporter.export(spans(3, 4));
    } finally {
      logger.removeHandler(handler);
    }

    List<LogRecord> warnings = handler.records().stream().filter(r -> r.getLevel() == Level.WARNING).toList();
    assertThat(warnings).hasSize(1);
    String line = new java.util.logging.SimpleFormatter().formatMessage(warnings.get(0));
    assertThat(line).contains("Traceguard [retry-test] could not export 2 spans to"
            + " http://127.0.0.1:4318/v1/traces (OtlpHttpSpanExporter): connection refused; 2 spans wait for retry")
        .doesNotContain("secret", "token");
    assertThat(counters.failedExports()).isEqualTo(3);
  }

  @Test
  void directoryStore_shutdown_lastAttemptReadsOneBatchWorthAndLeavesTheRestOnDisk(@TempDir Path dir)
      throws Exception {
    DirectoryRetryStore store = DirectoryRetryStore.open(dir, 1 << 20, n -> {});
    RetryingSpanExporter exporter = new RetryingSpanExporter(backend, store, 2, NEVER, NEVER, LAST_ATTEMPT,
        ledger.open(backend, null), () -> {});
    backend.answer = RetryingSpanExporterTest::refused;
    exporter.export(spans(0, 2));
    exporter.export(spans(2, 4));
    exporter.export(spans(4, 6));
    backend.answer = CompletableResultCode::ofSuccess;

    exporter.shutdown();

    assertThat(backend.batches()).last().isEqualTo(List.of("s0", "s1"));
    assertThat(store.files()).hasSize(2);
    assertThat(store.size()).isEqualTo(4);
  }

  @Test
  void directoryStore_restartAfterOutage_newExporterSendsWhatTheOldOneKeptWithoutTraffic(@TempDir Path dir)
      throws Exception {
    DirectoryRetryStore before = DirectoryRetryStore.open(dir, 1 << 20, n -> {});
    RetryingSpanExporter first = new RetryingSpanExporter(backend, before, 10, NEVER, NEVER, Duration.ofMillis(100),
        ledger.open(backend, null), () -> {});
    backend.answer = RetryingSpanExporterTest::refused;
    first.export(spans(0, 3));
    first.export(spans(3, 5));
    first.shutdown();
    assertThat(ledger.settle()).as("kept on disk, so not lost").isZero();

    ManualBackend after = new ManualBackend();
    after.answer = CompletableResultCode::ofSuccess;
    DirectoryRetryStore reopened = DirectoryRetryStore.open(dir, 1 << 20, n -> {});
    RetryingSpanExporter second = new RetryingSpanExporter(after, reopened, 10, Duration.ofMillis(50),
        Duration.ofMillis(50), LAST_ATTEMPT, ledger.open(after, null), () -> {});
    created.add(second);

    await().atMost(Duration.ofSeconds(5)).until(() -> second.held() == 0 && after.exports.size() == 2);
    assertThat(after.batches()).containsExactly(List.of("s0", "s1", "s2"), List.of("s3", "s4"));
    assertThat(reopened.files()).isEmpty();
  }

  @Test
  void export_backendFails_keepsSpansAndFailsResult() {
    RetryingSpanExporter exporter = retrying(10, 2);

    CompletableResultCode result = exporter.export(spans(0, 3));
    assertThat(result.isDone()).isFalse();
    backend.fail(0);

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
    assertThat(exporter.held()).isEqualTo(3);
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 0, 0));
  }

  @Test
  void export_backendSucceeds_succeedsAndBuffersNothing() {
    RetryingSpanExporter exporter = retrying(10, 2);

    CompletableResultCode result = exporter.export(spans(0, 2));
    backend.succeed(0);

    assertThat(result.isSuccess()).isTrue();
    assertThat(exporter.held()).isZero();
    assertThat(backend.batches()).containsExactly(List.of("s0", "s1"));
  }

  @Test
  void export_backendRecovers_resendsBufferedInOrderInBatchesOfResendBatchSize() {
    RetryingSpanExporter exporter = retrying(10, 2);
    exporter.export(spans(0, 3));
    backend.fail(0);

    CompletableResultCode result = exporter.export(spans(3, 4));
    backend.succeed(1);

    assertThat(result.isSuccess()).isTrue();
    // One re-send batch at a time: the next goes only when the previous succeeded.
    assertThat(backend.batches()).containsExactly(List.of("s0", "s1", "s2"), List.of("s3"), List.of("s0", "s1"));
    assertThat(exporter.held()).as("s2 buffered, s0 and s1 in the re-send").isEqualTo(3);

    backend.succeed(2);
    assertThat(backend.batches()).hasSize(4).last().isEqualTo(List.of("s2"));
    assertThat(exporter.held()).isEqualTo(1);

    backend.succeed(3);
    assertThat(backend.batches()).hasSize(4);
    assertThat(exporter.held()).isZero();
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 0, 0));
  }

  @Test
  void export_bufferFull_evictsOldestAndCountsRetryBufferFull() {
    RetryingSpanExporter exporter = retrying(3, 10);
    exporter.export(spans(0, 2));
    backend.fail(0);
    exporter.export(spans(2, 5));
    backend.fail(1);

    assertThat(exporter.held()).isEqualTo(3);
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 2, 0));

    exporter.export(spans(5, 6));
    backend.succeed(2);
    assertThat(backend.batches().get(3)).containsExactly("s2", "s3", "s4");
  }

  @Test
  void export_capacityZero_countsExportFailedAndKeepsNothing() {
    RetryingSpanExporter exporter = retrying(0, 2);

    CompletableResultCode result = exporter.export(spans(0, 3));
    backend.fail(0);

    assertThat(result.isSuccess()).isFalse();
    assertThat(exporter.held()).isZero();
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 3, 0, 0));

    exporter.export(spans(3, 4));
    backend.succeed(1);
    assertThat(backend.batches()).containsExactly(List.of("s0", "s1", "s2"), List.of("s3"));
  }

  @Test
  void export_backendThrows_failsResultWithoutThrowingAndKeepsSpans() {
    RetryingSpanExporter exporter = retrying(10, 10);
    backend.toThrow = new IllegalStateException("backend bug");

    CompletableResultCode[] result = new CompletableResultCode[1];
    assertThatCode(() -> result[0] = exporter.export(spans(0, 2))).doesNotThrowAnyException();

    assertThat(result[0].isDone()).isTrue();
    assertThat(result[0].isSuccess()).isFalse();
    assertThat(exporter.held()).isEqualTo(2);

    backend.toThrow = null;
    exporter.export(spans(2, 3));
    backend.succeed(0);
    assertThat(backend.batches()).containsExactly(List.of("s2"), List.of("s0", "s1"));
  }

  @Test
  void resend_failsAgain_putsBatchBackAtFrontInOrder() {
    RetryingSpanExporter exporter = retrying(10, 2);
    exporter.export(spans(0, 3));
    backend.fail(0);
    exporter.export(spans(3, 4));
    backend.succeed(1); // starts re-sending [s0, s1]; s2 still waits
    exporter.export(spans(4, 5));
    backend.fail(3); // s4 joins the buffer behind s2 while the re-send is pending

    backend.fail(2);

    assertThat(exporter.held()).isEqualTo(4);
    exporter.export(spans(5, 6));
    backend.succeed(4);
    backend.succeed(5);
    backend.succeed(6);
    assertThat(backend.batches()).containsExactly(
        List.of("s0", "s1", "s2"), List.of("s3"), List.of("s0", "s1"), List.of("s4"),
        List.of("s5"), List.of("s0", "s1"), List.of("s2", "s4"));
    assertThat(exporter.held()).isZero();
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 0, 0));
  }

  @Test
  void resend_failsAgainAfterNewerSpansFilledBuffer_dropsOldestOfTheBatch() {
    RetryingSpanExporter exporter = retrying(4, 2);
    exporter.export(spans(0, 3));
    backend.fail(0);
    exporter.export(spans(3, 4));
    backend.succeed(1); // re-sends [s0, s1]; buffer holds s2
    exporter.export(spans(4, 6));
    backend.fail(3); // buffer holds s2, s4, s5

    backend.fail(2); // room for one of s0, s1: the newer stays

    assertThat(exporter.held()).isEqualTo(4);
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 1, 0));
    exporter.export(spans(6, 7));
    backend.succeed(4);
    backend.succeed(5);
    backend.succeed(6);
    assertThat(backend.batches().subList(4, 7))
        .containsExactly(List.of("s6"), List.of("s1", "s2"), List.of("s4", "s5"));
  }

  @Test
  void flush_spansBuffered_resendsThemAndSucceedsWhenTheBufferEmptied() {
    RetryingSpanExporter exporter = retrying(10, 10);
    exporter.export(spans(0, 2));
    backend.fail(0);

    CompletableResultCode flushed = exporter.flush();

    assertThat(backend.batches()).containsExactly(List.of("s0", "s1"), List.of("s0", "s1"));
    assertThat(flushed.isDone()).as("waits for the re-send").isFalse();
    backend.succeed(1);
    assertThat(flushed.isSuccess()).isTrue();
    assertThat(exporter.held()).isZero();
  }

  @Test
  void flush_resendFailsAgain_failsAndKeepsTheSpans() {
    RetryingSpanExporter exporter = retrying(10, 10);
    exporter.export(spans(0, 2));
    backend.fail(0);

    CompletableResultCode flushed = exporter.flush();
    backend.fail(1);

    assertThat(flushed.isDone()).isTrue();
    assertThat(flushed.isSuccess()).isFalse();
    assertThat(exporter.held()).isEqualTo(2);
  }

  @Test
  void flush_nothingBuffered_flushesBackendWithoutExporting() {
    RetryingSpanExporter exporter = retrying(10, 10);

    exporter.flush();

    assertThat(backend.flushes).isEqualTo(1);
    assertThat(backend.exports).isEmpty();
  }

  @Test
  void shutdown_lastAttemptFails_keepsRemainingForTheSettlement() {
    RetryingSpanExporter exporter = retrying(10, 2);
    exporter.export(spans(0, 3));
    backend.fail(0);
    backend.answer = CompletableResultCode::ofFailure;

    CompletableResultCode result = exporter.shutdown();

    // The last attempt sends the whole buffer at once.
    assertThat(backend.batches()).containsExactly(List.of("s0", "s1", "s2"), List.of("s0", "s1", "s2"));
    assertThat(exporter.held()).isEqualTo(3);
    assertThat(ledger.settle()).isEqualTo(3);
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 0, 3));
    assertThat(backend.shutDown).isTrue();
    assertThat(result.isSuccess()).isTrue();
  }

  @Test
  void shutdown_lastAttemptNeverAnswers_holdsRemainingAfterWaiting() {
    RetryingSpanExporter exporter = retrying(backend, 10, 2, NEVER, Duration.ofMillis(100));
    exporter.export(spans(0, 2));
    backend.fail(0);

    CompletableResultCode result = exporter.shutdown();

    assertThat(backend.batches()).hasSize(2);
    assertThat(exporter.held()).isEqualTo(2);
    assertThat(ledger.settle()).isEqualTo(2);
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 0, 2));
    assertThat(result.isSuccess()).isTrue();
  }

  @Test
  void shutdown_lastAttemptSucceeds_countsNothing() {
    RetryingSpanExporter exporter = retrying(10, 2);
    exporter.export(spans(0, 3));
    backend.fail(0);
    backend.answer = CompletableResultCode::ofSuccess;

    exporter.shutdown();

    assertThat(backend.batches()).last().isEqualTo(List.of("s0", "s1", "s2"));
    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 0, 0));
    assertThat(exporter.held()).isZero();
  }

  @Test
  void shutdown_nothingBuffered_shutsBackendDownWithoutExporting() {
    RetryingSpanExporter exporter = retrying(10, 2);

    CompletableResultCode result = exporter.shutdown();

    assertThat(backend.exports).isEmpty();
    assertThat(backend.shutDown).isTrue();
    assertThat(result.isSuccess()).isTrue();
  }

  @Test
  void shutdown_backendShutdownFails_resultFails() {
    RetryingSpanExporter exporter = retrying(10, 2);
    backend.shutdownResult = CompletableResultCode.ofFailure();

    CompletableResultCode result = exporter.shutdown();

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
  }

  @Test
  void toString_namesDelegateAndCapacity() {
    SpanExporter delegate = new ManualBackend() {
      @Override
      public String toString() {
        return "Backend";
      }
    };

    assertThat(retrying(delegate, 7, 2, NEVER, LAST_ATTEMPT))
        .hasToString("RetryingSpanExporter{Backend, capacity=7}");
  }
}
