package dev.traceguard.core.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * The outermost wrapper around every span exporter, on the batch processor's export thread: it brings the queue's
 * drop count up to date before each export ({@link QueueDropMonitor}) and counts each export whose result fails
 * ({@link ExportCounters#exportFailed()}), so that a flush can say whether what it waited for was delivered.
 */
final class AccountingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final QueueDropMonitor queueDrops;
  private final ExportCounters counters;

  AccountingSpanExporter(SpanExporter delegate, QueueDropMonitor queueDrops, ExportCounters counters) {
    this.delegate = delegate;
    this.queueDrops = queueDrops;
    this.counters = counters;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    queueDrops.update();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      // An exporter that throws instead of failing its result must not take the batch processor down.
      counters.exportFailed();
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(() -> {
      if (!result.isSuccess()) {
        counters.exportFailed();
      }
    });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    queueDrops.update();
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    queueDrops.update();
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
