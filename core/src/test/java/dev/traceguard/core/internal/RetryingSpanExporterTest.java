package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RetryingSpanExporterTest {
  private static final Duration LAST_ATTEMPT = Duration.ofSeconds(5);

  private final ExportCounters counters = new ExportCounters("retry-test", Long.MAX_VALUE);
  private final ManualBackend backend = new ManualBackend();
  private final List<SpanData> spans = spans(8);

  /** A backend whose exports stay pending until the test completes them, unless told to answer at once. */
  private static class ManualBackend implements SpanExporter {
    record Export(List<String> names, CompletableResultCode result) {}

    final List<Export> exports = new ArrayList<>();
    @Nullable Supplier<CompletableResultCode> answer; // null: pending until completed by hand
    @Nullable RuntimeException toThrow;
    int flushes;
    boolean shutDown;
    CompletableResultCode shutdownResult = CompletableResultCode.ofSuccess();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      if (toThrow != null) {
        throw toThrow;
      }
      CompletableResultCode result = answer != null ? answer.get() : new CompletableResultCode();
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

  private RetryingSpanExporter retrying(int capacity, int resendBatchSize) {
    return new RetryingSpanExporter(backend, capacity, resendBatchSize, LAST_ATTEMPT, counters);
  }

  private Map<DropReason, Long> totals(long queueFull, long exportFailed, long bufferFull, long shutdown) {
    Map<DropReason, Long> totals = new EnumMap<>(DropReason.class);
    totals.put(DropReason.QUEUE_FULL, queueFull);
    totals.put(DropReason.EXPORT_FAILED, exportFailed);
    totals.put(DropReason.RETRY_BUFFER_FULL, bufferFull);
    totals.put(DropReason.SHUTDOWN, shutdown);
    return totals;
  }

  @Test
  void export_backendFails_keepsSpansAndFailsResult() {
    RetryingSpanExporter exporter = retrying(10, 2);

    CompletableResultCode result = exporter.export(spans(0, 3));
    assertThat(result.isDone()).isFalse();
    backend.fail(0);

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
    assertThat(exporter.buffered()).isEqualTo(3);
    assertThat(counters.totals()).isEqualTo(totals(0, 0, 0, 0));
  }

  @Test
  void export_backendSucceeds_succeedsAndBuffersNothing() {
    RetryingSpanExporter exporter = retrying(10, 2);

    CompletableResultCode result = exporter.export(spans(0, 2));
    backend.succeed(0);

    assertThat(result.isSuccess()).isTrue();
    assertThat(exporter.buffered()).isZero();
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
    assertThat(exporter.buffered()).isEqualTo(1);

    backend.succeed(2);
    assertThat(backend.batches()).hasSize(4).last().isEqualTo(List.of("s2"));
    assertThat(exporter.buffered()).isZero();

    backend.succeed(3);
    assertThat(backend.batches()).hasSize(4);
    assertThat(counters.totals()).isEqualTo(totals(0, 0, 0, 0));
  }

  @Test
  void export_bufferFull_evictsOldestAndCountsRetryBufferFull() {
    RetryingSpanExporter exporter = retrying(3, 10);
    exporter.export(spans(0, 2));
    backend.fail(0);
    exporter.export(spans(2, 5));
    backend.fail(1);

    assertThat(exporter.buffered()).isEqualTo(3);
    assertThat(counters.totals()).isEqualTo(totals(0, 0, 2, 0));

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
    assertThat(exporter.buffered()).isZero();
    assertThat(counters.totals()).isEqualTo(totals(0, 3, 0, 0));

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
    assertThat(exporter.buffered()).isEqualTo(2);

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

    assertThat(exporter.buffered()).isEqualTo(4);
    exporter.export(spans(5, 6));
    backend.succeed(4);
    backend.succeed(5);
    backend.succeed(6);
    assertThat(backend.batches()).containsExactly(
        List.of("s0", "s1", "s2"), List.of("s3"), List.of("s0", "s1"), List.of("s4"),
        List.of("s5"), List.of("s0", "s1"), List.of("s2", "s4"));
    assertThat(exporter.buffered()).isZero();
    assertThat(counters.totals()).isEqualTo(totals(0, 0, 0, 0));
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

    assertThat(exporter.buffered()).isEqualTo(4);
    assertThat(counters.totals()).isEqualTo(totals(0, 0, 1, 0));
    exporter.export(spans(6, 7));
    backend.succeed(4);
    backend.succeed(5);
    backend.succeed(6);
    assertThat(backend.batches().subList(4, 7))
        .containsExactly(List.of("s6"), List.of("s1", "s2"), List.of("s4", "s5"));
  }

  @Test
  void flush_spansBuffered_resendsThemAndFlushesBackend() {
    RetryingSpanExporter exporter = retrying(10, 10);
    exporter.export(spans(0, 2));
    backend.fail(0);

    CompletableResultCode flushed = exporter.flush();

    assertThat(flushed.isSuccess()).isTrue();
    assertThat(backend.flushes).isEqualTo(1);
    assertThat(backend.batches()).containsExactly(List.of("s0", "s1"), List.of("s0", "s1"));
    backend.succeed(1);
    assertThat(exporter.buffered()).isZero();
  }

  @Test
  void flush_nothingBuffered_flushesBackendWithoutExporting() {
    RetryingSpanExporter exporter = retrying(10, 10);

    exporter.flush();

    assertThat(backend.flushes).isEqualTo(1);
    assertThat(backend.exports).isEmpty();
  }

  @Test
  void shutdown_lastAttemptFails_countsRemainingAsShutdown() {
    RetryingSpanExporter exporter = retrying(10, 2);
    exporter.export(spans(0, 3));
    backend.fail(0);
    backend.answer = CompletableResultCode::ofFailure;

    CompletableResultCode result = exporter.shutdown();

    // The last attempt sends the whole buffer at once.
    assertThat(backend.batches()).containsExactly(List.of("s0", "s1", "s2"), List.of("s0", "s1", "s2"));
    assertThat(counters.totals()).isEqualTo(totals(0, 0, 0, 3));
    assertThat(exporter.buffered()).isZero();
    assertThat(backend.shutDown).isTrue();
    assertThat(result.isSuccess()).isTrue();
  }

  @Test
  void shutdown_lastAttemptNeverAnswers_countsRemainingAsShutdownAfterWaiting() {
    RetryingSpanExporter exporter =
        new RetryingSpanExporter(backend, 10, 2, Duration.ofMillis(100), counters);
    exporter.export(spans(0, 2));
    backend.fail(0);

    CompletableResultCode result = exporter.shutdown();

    assertThat(backend.batches()).hasSize(2);
    assertThat(counters.totals()).isEqualTo(totals(0, 0, 0, 2));
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
    assertThat(counters.totals()).isEqualTo(totals(0, 0, 0, 0));
    assertThat(exporter.buffered()).isZero();
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

    assertThat(new RetryingSpanExporter(delegate, 7, 2, LAST_ATTEMPT, counters))
        .hasToString("RetryingSpanExporter{Backend, capacity=7}");
  }
}
