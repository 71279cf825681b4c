package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The export stage that renders the stack traces the runtime's SDK left out at recording ({@link
 * DeferredStackTraces}), on the batch processor's thread, ahead of the masking stage.
 *
 * <p>Each exception event recorded without {@code exception.stacktrace} becomes a {@link RenderedExceptionEvent}
 * holding its stack trace in {@linkplain StackTraceRenderer.Rendered parts}, unmasked and uncut, and no longer the
 * {@code Throwable}; the {@link MaskingSpanExporter} after it masks the parts and cuts the text. An exception on a
 * span that is never exported (unsampled, dropped) is never rendered. A span with nothing to render is passed on as
 * the very same {@link SpanData}, and a batch with none as the very same collection. A throwable that cannot be
 * rendered leaves its event as it was (type and message). Never throws from {@link #export}. Thread-safe.
 */
final class RenderingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final StackTraceRenderer renderer;

  private RenderingSpanExporter(SpanExporter delegate, StackTraceRenderer renderer) {
    this.delegate = delegate;
    this.renderer = renderer;
  }

  /** Returns a stage rendering with {@code renderer} ahead of {@code delegate}, the masking stage. */
  static RenderingSpanExporter create(SpanExporter delegate, StackTraceRenderer renderer) {
    return new RenderingSpanExporter(requireNonNull(delegate, "delegate"), requireNonNull(renderer, "renderer"));
  }

  /** Renders what {@code spans} left out and hands them on; the delegate's result, a failure if it threw. */
  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    Collection<SpanData> rendered = spans;
    try {
      rendered = renderAll(spans);
    } catch (RuntimeException e) {
      // The collection itself failed to be read: handed on as it is, for the masking stage to report.
    }
    return delegate.export(rendered);
  }

  /** Flushes the delegate. */
  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  /** Shuts the delegate down. */
  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  /** Returns a description naming the delegate. */
  @Override
  public String toString() {
    return "RenderingSpanExporter{delegate=" + delegate + '}';
  }

  private Collection<SpanData> renderAll(Collection<SpanData> spans) {
    List<SpanData> out = new ArrayList<>(spans.size());
    boolean changed = false;
    for (SpanData span : spans) {
      SpanData view = render(span);
      changed |= view != span;
      out.add(view);
    }
    return changed ? out : spans;
  }

  /** Returns {@code span} itself when none of its events waits for a stack trace, else a view with them rendered. */
  SpanData render(SpanData span) {
    List<EventData> events = span.getEvents();
    List<EventData> rendered = null;
    for (int i = 0; i < events.size(); i++) {
      EventData event = events.get(i);
      if (!(event instanceof ExceptionEventData)
          || event.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE) != null) {
        continue;
      }
      StackTraceRenderer.Rendered stackTrace = renderer.render(((ExceptionEventData) event).getException());
      if (stackTrace == null) {
        continue;
      }
      if (rendered == null) {
        rendered = new ArrayList<>(events);
      }
      rendered.set(i, new RenderedExceptionEvent(event, stackTrace));
    }
    return rendered == null ? span : new RenderedSpanData(span, rendered);
  }

  /**
   * An exception event with its stack trace rendered: its attributes apart from the parts of the stack trace, which
   * the masking stage masks one by one. Read as a plain event, its attributes hold the whole text. Immutable.
   */
  static final class RenderedExceptionEvent implements EventData {
    private final EventData recorded;
    private final StackTraceRenderer.Rendered stackTrace;
    private volatile @Nullable Attributes withStackTrace;

    RenderedExceptionEvent(EventData recorded, StackTraceRenderer.Rendered stackTrace) {
      this.recorded = recorded;
      this.stackTrace = stackTrace;
    }

    /** The attributes recorded, without the stack trace. */
    Attributes recordedAttributes() {
      return recorded.getAttributes();
    }

    /** The stack trace, in parts. */
    StackTraceRenderer.Rendered stackTrace() {
      return stackTrace;
    }

    @Override
    public String getName() {
      return recorded.getName();
    }

    /** The recorded attributes and {@code exception.stacktrace}, whole and unmasked. */
    @Override
    public Attributes getAttributes() {
      Attributes all = withStackTrace;
      if (all == null) {
        all = recorded.getAttributes().toBuilder()
            .put(TraceguardAttributes.EXCEPTION_STACKTRACE, stackTrace.text()).build();
        withStackTrace = all;
      }
      return all;
    }

    @Override
    public long getEpochNanos() {
      return recorded.getEpochNanos();
    }

    /** The recorded count and the stack trace. */
    @Override
    public int getTotalAttributeCount() {
      return recorded.getTotalAttributeCount() + 1;
    }
  }

  /** A span whose events are rendered; everything else is the original's. */
  private static final class RenderedSpanData extends DelegatingSpanData {
    private final List<EventData> events;

    RenderedSpanData(SpanData delegate, List<EventData> events) {
      super(delegate);
      this.events = events;
    }

    @Override
    public List<EventData> getEvents() {
      return events;
    }
  }
}
