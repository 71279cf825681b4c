package dev.traceguard.cdi.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Leaves out of the server's export each {@code exception} event that only restates another exception event of the
 * same span: its {@code exception.message} is the other's {@code type: message}, as the message of a wrapper built
 * around that exception is ({@code new MappableException(cause)}), or as an event recording just the exception's
 * {@code toString()} is. So each failure leaves with one exception event, the one naming the exception itself, with
 * its own type and stack trace.
 *
 * <p>Why: under {@code traceguard-all-mp}, Traceguard records the request's exception on the server's SERVER span,
 * and a server whose own instrumentation records exceptions too adds its own events for the same failure. Payara's
 * adds two, both about Jersey's {@code MappableException} wrapper. WildFly's and Open Liberty's add none, and this
 * stage then hands every span on as it is. Spans with fewer than two events are not looked at. The spans' count of
 * recorded events is lowered by what is left out, so that what the exporter reports as dropped stays what the
 * span limits dropped. Thread-safe if the delegate is.
 */
final class RestatedExceptions implements SpanExporter {
  private static final String EXCEPTION_EVENT = "exception";
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");

  private final SpanExporter delegate;

  private RestatedExceptions(SpanExporter delegate) {
    this.delegate = delegate;
  }

  /** Returns an exporter that hands {@code delegate} each span without its restated exception events. */
  static SpanExporter leftOut(SpanExporter delegate) {
    return new RestatedExceptions(delegate);
  }

  /**
   * Each of {@code delegates} behind this stage, in order. Here rather than at the caller: a lambda there would give
   * the CDI extension a method whose signature names an SDK type, and Weld ignores an extension class it cannot
   * introspect (a server without OpenTelemetry hides the SDK from the application).
   */
  static List<SpanExporter> leftOut(List<SpanExporter> delegates) {
    List<SpanExporter> wrapped = new ArrayList<>(delegates.size());
    for (SpanExporter delegate : delegates) {
      wrapped.add(new RestatedExceptions(delegate));
    }
    return wrapped;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanData> handedOn = new ArrayList<>(spans.size());
    boolean trimmed = false;
    for (SpanData span : spans) {
      SpanData kept = withoutRestated(span);
      trimmed |= kept != span;
      handedOn.add(kept);
    }
    // The usual batch has nothing left out and is handed on as it came.
    return delegate.export(trimmed ? handedOn : spans);
  }

  /** {@code span} itself when no event of it restates another, else a view of it without those events. */
  static SpanData withoutRestated(SpanData span) {
    List<EventData> events = span.getEvents();
    if (events.size() < 2) {
      return span;
    }
    Set<String> described = new HashSet<>();
    for (EventData event : events) {
      String type = exceptionType(event);
      if (type != null) {
        String message = event.getAttributes().get(MESSAGE);
        described.add(message != null ? type + ": " + message : type);
      }
    }
    if (described.isEmpty()) {
      return span;
    }
    List<EventData> kept = new ArrayList<>(events.size());
    for (EventData event : events) {
      String message = EXCEPTION_EVENT.equals(event.getName()) ? event.getAttributes().get(MESSAGE) : null;
      if (message == null || !described.contains(message)) {
        kept.add(event);
      }
    }
    return kept.size() == events.size() ? span : new Trimmed(span, kept, events.size() - kept.size());
  }

  private static @Nullable String exceptionType(EventData event) {
    return EXCEPTION_EVENT.equals(event.getName()) ? event.getAttributes().get(TYPE) : null;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  /**
   * The delegate's description: Traceguard's export accounts, log lines and retry directory name an exporter by its
   * description, and they must name the application's or the server's exporter, not this filter in front of it.
   */
  @Override
  public String toString() {
    return delegate.toString();
  }

  /** A span without the events left out. */
  private static final class Trimmed extends DelegatingSpanData {
    private final List<EventData> events;
    private final int leftOut;

    Trimmed(SpanData span, List<EventData> events, int leftOut) {
      super(span);
      this.events = events;
      this.leftOut = leftOut;
    }

    @Override
    public List<EventData> getEvents() {
      return events;
    }

    @Override
    public int getTotalRecordedEvents() {
      return super.getTotalRecordedEvents() - leftOut;
    }
  }
}
