package dev.traceguard.core.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import org.jspecify.annotations.Nullable;
import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Passes sampled spans to the delegate, and of the spans recorded only because of {@link KeepErrorsSampler}, those
 * that ended in error: ERROR status, an {@code error.type} attribute or an {@code exception} event. The processors
 * the SDK's autoconfigure builds pass on sampled spans only, so such a span is handed on behind a view whose span
 * context says sampled; its exported data keeps its own, unsampled trace flags. Thread-safe.
 */
public final class KeepErrorsSpanProcessor extends ForwardingSpanProcessor {
  /** Wraps {@code delegate}, which must export unsampled spans. */
  public KeepErrorsSpanProcessor(SpanProcessor delegate) {
    super(delegate);
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled()) {
      delegate.onEnd(span);
    } else if (endedInError(span)) {
      delegate.onEnd(new KeptSpan(span));
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

  /** A span kept for its error, seen as sampled. */
  private static final class KeptSpan implements ReadableSpan {
    private final ReadableSpan span;
    private final SpanContext context;

    KeptSpan(ReadableSpan span) {
      this.span = span;
      SpanContext original = span.getSpanContext();
      this.context = SpanContext.create(original.getTraceId(), original.getSpanId(), TraceFlags.getSampled(),
          original.getTraceState());
    }

    @Override
    public SpanContext getSpanContext() {
      return context;
    }

    @Override
    public SpanContext getParentSpanContext() {
      return span.getParentSpanContext();
    }

    @Override
    public String getName() {
      return span.getName();
    }

    @Override
    public SpanData toSpanData() {
      return span.toSpanData(); // exported with its own, unsampled flags
    }

    @Override
    @SuppressWarnings("deprecation") // required by the interface
    public io.opentelemetry.sdk.common.InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
      return span.getInstrumentationLibraryInfo();
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
      return span.getInstrumentationScopeInfo();
    }

    @Override
    public boolean hasEnded() {
      return span.hasEnded();
    }

    @Override
    public long getLatencyNanos() {
      return span.getLatencyNanos();
    }

    @Override
    public SpanKind getKind() {
      return span.getKind();
    }

    @Override
    public <T> @Nullable T getAttribute(AttributeKey<T> key) {
      return span.getAttribute(key);
    }

    @Override
    public Attributes getAttributes() {
      return span.getAttributes();
    }
  }
}
