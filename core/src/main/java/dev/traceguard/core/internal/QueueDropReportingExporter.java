package dev.traceguard.core.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** Updates the {@link QueueDropMonitor} on the batch processor's export thread, before each export. */
final class QueueDropReportingExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final QueueDropMonitor queueDrops;

  QueueDropReportingExporter(SpanExporter delegate, QueueDropMonitor queueDrops) {
    this.delegate = delegate;
    this.queueDrops = queueDrops;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    queueDrops.update();
    return delegate.export(spans);
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
