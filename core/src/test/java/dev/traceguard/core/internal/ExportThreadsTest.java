package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExportThreadsTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final ExportThreads threads = new ExportThreads();
  private final List<Thread> exportedOn = new CopyOnWriteArrayList<>();

  @Test
  void end_afterBatchProcessorShutdown_theWorkerStillWaitingInItsPollEnds() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    // A schedule delay far longer than the test: without end() the worker would outlive it.
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(threads.noting(recordingThread(memory)))
            .setMaxExportBatchSize(1).setScheduleDelay(Duration.ofMinutes(5)).build())
        .build();
    provider.get("test").spanBuilder("exported").startSpan().end();
    // A full batch is exported at once; the worker then waits up to the schedule delay for the next.
    await().atMost(Duration.ofSeconds(10)).until(() -> memory.getFinishedSpanItems().size() == 1);

    assertThat(provider.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    Thread worker = exportedOn.get(0);
    assertThat(worker.getName()).startsWith("BatchSpanProcessor_WorkerThread");
    assertThat(worker.isAlive()).as("the SDK's worker after its processor's shutdown").isTrue();

    assertThat(threads.end(System.nanoTime() + 10 * SECOND)).isTrue();

    assertThat(worker.isAlive()).isFalse();
  }

  @Test
  void end_afterLogProcessorShutdown_theLogWorkerEndsToo() {
    InMemoryLogRecordExporter memory = InMemoryLogRecordExporter.create();
    List<Thread> logThreads = new ArrayList<>();
    LogRecordExporter recording = new LogRecordExporter() {
      @Override
      public CompletableResultCode export(Collection<io.opentelemetry.sdk.logs.data.LogRecordData> records) {
        synchronized (logThreads) {
          logThreads.add(Thread.currentThread());
        }
        return memory.export(records);
      }

      @Override
      public CompletableResultCode flush() {
        return memory.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return memory.shutdown();
      }
    };
    SdkLoggerProvider provider = SdkLoggerProvider.builder()
        .addLogRecordProcessor(BatchLogRecordProcessor.builder(threads.noting(recording))
            .setMaxExportBatchSize(1).setScheduleDelay(Duration.ofMinutes(5)).build())
        .build();
    provider.get("test").logRecordBuilder().setBody("a record").emit();
    await().atMost(Duration.ofSeconds(10)).until(() -> memory.getFinishedLogRecordItems().size() == 1);

    assertThat(provider.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    Thread worker;
    synchronized (logThreads) {
      worker = logThreads.get(0);
    }
    assertThat(worker.isAlive()).isTrue();

    assertThat(threads.end(System.nanoTime() + 10 * SECOND)).isTrue();

    assertThat(worker.isAlive()).isFalse();
  }

  @Test
  void end_exportsOnTheCallersThread_neverInterruptsIt() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(threads.noting(recordingThread(memory))))
        .build();
    Tracer tracer = provider.get("test");
    tracer.spanBuilder("exported here").startSpan().end();

    assertThat(threads.end(System.nanoTime() + SECOND)).isTrue();

    assertThat(exportedOn).containsExactly(Thread.currentThread());
    assertThat(Thread.interrupted()).isFalse();
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  @Test
  void noting_forwardsFlushShutdownAndName() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    SpanExporter noting = threads.noting(memory);

    assertThat(noting.flush().isSuccess()).isTrue();
    assertThat(noting).hasToString(memory.toString());
    assertThat(noting.shutdown().isSuccess()).isTrue();
    assertThat(noting.export(List.of()).isSuccess()).as("the in-memory exporter refuses after shutdown").isFalse();
  }

  private SpanExporter recordingThread(SpanExporter delegate) {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
        exportedOn.add(Thread.currentThread());
        return delegate.export(spans);
      }

      @Override
      public CompletableResultCode flush() {
        return delegate.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return delegate.shutdown();
      }
    };
  }
}
