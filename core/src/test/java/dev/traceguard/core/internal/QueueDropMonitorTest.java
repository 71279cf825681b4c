package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.core.DropReason;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueDropMonitorTest {
  private final ExportCounters counters = new ExportCounters("queue-test", Long.MAX_VALUE);
  private final QueueDropMonitor monitor = new QueueDropMonitor(counters);
  private final SdkMeterProvider meterProvider = monitor.registerOn(SdkMeterProvider.builder()).build();
  private final BlockingExporter exporter = new BlockingExporter();
  private SdkTracerProvider provider;

  /** Records every span it receives, then blocks the batch processor's worker until released. */
  private static final class BlockingExporter implements SpanExporter {
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> received = new CopyOnWriteArrayList<>();
    volatile Consumer<Collection<SpanData>> onExport = spans -> {};

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      onExport.accept(spans);
      spans.forEach(span -> received.add(span.getName()));
      try {
        return release.await(60, TimeUnit.SECONDS)
            ? CompletableResultCode.ofSuccess()
            : CompletableResultCode.ofFailure();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableResultCode.ofFailure();
      }
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      release.countDown();
      return CompletableResultCode.ofSuccess();
    }
  }

  @AfterEach
  void shutDown() {
    exporter.release.countDown();
    if (provider != null) {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    meterProvider.close();
  }

  /** A tracer whose batch processor holds one span in its queue and reports drops to the monitor. */
  private Tracer tracer(SpanExporter spanExporter) {
    BatchSpanProcessor processor = BatchSpanProcessor.builder(spanExporter)
        .setMeterProvider(meterProvider)
        .setMaxQueueSize(1)
        .setMaxExportBatchSize(1)
        .setScheduleDelay(Duration.ofMinutes(10))
        .setExporterTimeout(Duration.ofMinutes(1))
        .build();
    provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    return provider.get("queue-test");
  }

  /**
   * Ends one span and waits until the worker took it off the queue and is blocked exporting it; then ends {@code
   * more} spans, of which the queue holds one and the rest are dropped.
   *
   * @return how many spans were ended in all
   */
  private int overflow(Tracer tracer, int more) {
    tracer.spanBuilder("in-flight").startSpan().end();
    await().atMost(Duration.ofSeconds(10)).until(() -> exporter.received.contains("in-flight"));
    for (int i = 0; i < more; i++) {
      tracer.spanBuilder("after-" + i).startSpan().end();
    }
    return 1 + more;
  }

  private void releaseAndFlush() {
    exporter.release.countDown();
    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  @Test
  void update_queueOverflows_countsEndedMinusExported() {
    int ended = overflow(tracer(exporter), 6);
    releaseAndFlush();

    monitor.update();

    assertThat(exporter.received).containsExactly("in-flight", "after-0");
    assertThat(counters.dropped(DropReason.QUEUE_FULL))
        .isEqualTo(ended - exporter.received.size())
        .isEqualTo(5);
  }

  @Test
  void update_calledAgainWithoutNewDrops_countsNothingMore() {
    overflow(tracer(exporter), 4);

    monitor.update();
    monitor.update();
    releaseAndFlush();
    monitor.update();

    assertThat(counters.dropped(DropReason.QUEUE_FULL)).isEqualTo(3);
  }

  @Test
  void update_moreDropsBetweenUpdates_countsOnlyTheIncrease() {
    Tracer tracer = tracer(exporter);
    overflow(tracer, 3);
    monitor.update();
    assertThat(counters.dropped(DropReason.QUEUE_FULL)).isEqualTo(2);

    tracer.spanBuilder("later-0").startSpan().end();
    tracer.spanBuilder("later-1").startSpan().end();
    monitor.update();

    assertThat(counters.dropped(DropReason.QUEUE_FULL)).isEqualTo(4);
    assertThat(counters.totals()).containsEntry(DropReason.EXPORT_FAILED, 0L)
        .containsEntry(DropReason.RETRY_BUFFER_FULL, 0L)
        .containsEntry(DropReason.SHUTDOWN, 0L);
  }

  @Test
  void update_queueNeverFull_countsNothing() {
    Tracer tracer = tracer(exporter);
    exporter.release.countDown();
    for (int i = 0; i < 3; i++) {
      tracer.spanBuilder("calm-" + i).startSpan().end();
      int exported = i + 1;
      // A batch of one is exported at once; each span waits until the previous one left the queue.
      await().atMost(Duration.ofSeconds(10)).until(() -> exporter.received.size() == exported);
    }

    monitor.update();

    assertThat(exporter.received).containsExactly("calm-0", "calm-1", "calm-2");
    assertThat(counters.dropped(DropReason.QUEUE_FULL)).isZero();
  }

  @Test
  void update_beforeAnyProcessorReported_countsNothing() {
    monitor.update();

    assertThat(counters.dropped(DropReason.QUEUE_FULL)).isZero();
  }

  @Test
  void retryingExporter_export_updatesMonitorBeforeDelegating() {
    List<Long> droppedSeenByBackend = new CopyOnWriteArrayList<>();
    exporter.onExport = spans -> droppedSeenByBackend.add(counters.dropped(DropReason.QUEUE_FULL));
    ExportLedger ledger = new ExportLedger("monitor-test", counters, monitor);
    Tracer tracer = tracer(new RetryingSpanExporter(exporter, 0, 512, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1), ledger.open(exporter, null), monitor::update));
    overflow(tracer, 4);

    // No update() from the test: the export of the queued span must bring the count up to date by itself.
    releaseAndFlush();

    assertThat(exporter.received).containsExactly("in-flight", "after-0");
    assertThat(droppedSeenByBackend).containsExactly(0L, 3L);
  }
}
