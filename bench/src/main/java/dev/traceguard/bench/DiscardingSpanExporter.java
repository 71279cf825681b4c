package dev.traceguard.bench;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * An exporter that succeeds at once for every batch and keeps nothing but a count, so that a benchmark measures the
 * pipeline in front of the exporter and no network or serialization. Thread-safe.
 */
final class DiscardingSpanExporter implements SpanExporter {
  private final LongAdder exported = new LongAdder();

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    exported.add(spans.size());
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  /** Returns how many spans reached this exporter so far. */
  long exported() {
    return exported.sum();
  }
}
