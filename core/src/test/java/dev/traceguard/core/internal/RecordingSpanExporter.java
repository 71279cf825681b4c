package dev.traceguard.core.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Keeps every batch it is given, the very collection, in order, and answers as told: the export stages' tests. */
final class RecordingSpanExporter implements SpanExporter {
  final List<Collection<SpanData>> batches = new ArrayList<>();
  int flushes;
  int shutdowns;
  RuntimeException toThrow;

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (toThrow != null) {
      throw toThrow;
    }
    batches.add(spans);
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    flushes++;
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    shutdowns++;
    return CompletableResultCode.ofSuccess();
  }
}
