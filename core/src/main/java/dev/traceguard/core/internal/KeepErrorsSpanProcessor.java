package dev.traceguard.core.internal;

import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Passes sampled spans to the delegate, and of the spans recorded only because of {@link KeepErrorsSampler}, those
 * that ended in error: ERROR status, an {@code error.type} attribute or an {@code exception} event. The delegate
 * must export unsampled spans ({@code BatchSpanProcessorBuilder.setExportUnsampledSpans(true)}). Thread-safe.
 */
public final class KeepErrorsSpanProcessor implements SpanProcessor {
  private final SpanProcessor delegate;

  /** Wraps {@code delegate}, which must export unsampled spans. */
  public KeepErrorsSpanProcessor(SpanProcessor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return delegate.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled() || endedInError(span)) {
      delegate.onEnd(span);
    }
  }

  static boolean endedInError(ReadableSpan span) {
    if (span.getAttribute(TraceguardAttributes.ERROR_TYPE) != null) {
      return true;
    }
    SpanData data = span.toSpanData();
    if (data.getStatus().getStatusCode() == StatusCode.ERROR) {
      return true;
    }
    for (EventData event : data.getEvents()) {
      if (TraceguardAttributes.EXCEPTION_EVENT.equals(event.getName())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }
}
