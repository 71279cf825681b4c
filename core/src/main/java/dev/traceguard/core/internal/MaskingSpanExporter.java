package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.internal.pii.HttpRedaction;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Masks every span on its way to the exporter it wraps, on the batch processor's thread, so that nothing on the
 * request thread runs a masking expression.
 *
 * <p>What is masked: the span name and status description, the exported trace state's values, and every string,
 * every string element of a string array and every string inside a {@link Value} attribute of the span, of its
 * events (and their names), of its links and of its resource, as {@link SignalMasking} says, with the HTTP
 * redaction that applies even when masking is off.
 *
 * <p>A span is replaced by a masked view only when something changed; an unchanged span is exported as the very
 * same {@link SpanData}, and an unchanged batch as the very same collection.
 *
 * <p>Never throws from {@link #export}. A span whose masking fails is never exported unmasked: it is dropped,
 * counted in {@link #droppedUnmaskable()} and logged at {@code FINE} at most once a minute. Thread-safe.
 */
public final class MaskingSpanExporter implements SpanExporter {
  private static final Logger logger = Logger.getLogger(MaskingSpanExporter.class.getName());

  private final SpanExporter delegate;
  private final SignalMasking masking;
  private final @Nullable MaskedStackTraces stackTraces;
  private final MaskedBatches<SpanData> batches = new MaskedBatches<>(logger, "spans");

  private MaskingSpanExporter(SpanExporter delegate, PiiMasker masker, Set<String> extraRedactedHeaders,
      Set<String> allowedHeaders, int maxStackTraceLength) {
    this.delegate = delegate;
    this.masking = new SignalMasking(masker, extraRedactedHeaders, allowedHeaders);
    this.stackTraces = maxStackTraceLength <= 0 ? null
        : new MaskedStackTraces(masking::exceptionText, maxStackTraceLength);
  }

  /**
   * Returns an exporter that masks spans and hands them to {@code delegate}.
   *
   * @param delegate the exporter that receives the masked spans; not null
   * @param masker the masker; {@link PiiMasker#noop()} when masking is turned off, in which case sensitive headers
   *     and secret query parameters are still redacted; not null
   * @param extraRedactedHeaders header names to redact besides {@link HttpRedaction#SENSITIVE_HEADERS}, lower case;
   *     not null, may be empty; copied
   * @return a new exporter, never null
   * @throws NullPointerException if an argument or an element of {@code extraRedactedHeaders} is null
   */
  public static MaskingSpanExporter create(
      SpanExporter delegate, PiiMasker masker, Set<String> extraRedactedHeaders) {
    return of(delegate, masker, extraRedactedHeaders, Set.of(), 0);
  }

  /**
   * Returns an exporter like {@link #create(SpanExporter, PiiMasker, Set)} that also masks the stack traces a {@link
   * RenderingSpanExporter} ahead of it rendered: paths stripped and masked as {@link MaskedStackTraces} says, then
   * cut at {@code maxStackTraceLength}; headers in {@code allowedHeaders} are masked like any text although their
   * names hold a credential word ({@link HttpRedaction#isSensitiveHeader}).
   *
   * @throws NullPointerException if an argument or an element of a set is null
   * @throws IllegalArgumentException if {@code maxStackTraceLength} is not positive
   */
  public static MaskingSpanExporter create(SpanExporter delegate, PiiMasker masker, Set<String> extraRedactedHeaders,
      Set<String> allowedHeaders, int maxStackTraceLength) {
    if (maxStackTraceLength <= 0) {
      throw new IllegalArgumentException("maxStackTraceLength must be positive, was " + maxStackTraceLength);
    }
    return of(delegate, masker, extraRedactedHeaders, requireNonNull(allowedHeaders, "allowedHeaders"),
        maxStackTraceLength);
  }

  private static MaskingSpanExporter of(SpanExporter delegate, PiiMasker masker, Set<String> extraRedactedHeaders,
      Set<String> allowedHeaders, int maxStackTraceLength) {
    requireNonNull(delegate, "delegate");
    requireNonNull(masker, "masker");
    requireNonNull(extraRedactedHeaders, "extraRedactedHeaders");
    return new MaskingSpanExporter(delegate, masker, Set.copyOf(extraRedactedHeaders), Set.copyOf(allowedHeaders),
        maxStackTraceLength);
  }

  /**
   * Masks {@code spans} and exports what could be masked; never throws.
   *
   * <p>Passes {@code spans} itself to the delegate when no span changed. Spans whose masking failed are left out
   * and counted; when none is left the result is a success and the delegate is not called. A delegate that throws
   * gives a failed result.
   *
   * @param spans the spans to export; not null
   * @return the delegate's result, a success when every span was dropped, or a failure when the delegate threw or
   *     the collection could not be read
   */
  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return batches.export(spans, this::mask, delegate::export);
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

  /** Returns how many spans were dropped, since creation, because masking them failed. */
  public long droppedUnmaskable() {
    return batches.droppedUnmaskable();
  }

  /** Returns a description naming the delegate. */
  @Override
  public String toString() {
    return "MaskingSpanExporter{delegate=" + delegate + ", masker=" + masking.masker() + '}';
  }

  /** Returns {@code span} itself when nothing needs masking, otherwise a masked view of it. */
  SpanData mask(SpanData span) {
    String name = masking.text(span.getName());
    Attributes attributes = masking.attributes(span.getAttributes());
    List<EventData> events = maskEvents(span.getEvents());
    List<LinkData> links = maskLinks(span.getLinks());
    Resource resource = masking.resource(span.getResource());
    StatusData status = maskStatus(span.getStatus());
    SpanContext context = maskTraceState(span.getSpanContext());
    if (name == span.getName() && attributes == span.getAttributes() && events == span.getEvents()
        && links == span.getLinks() && resource == span.getResource() && status == span.getStatus()
        && context == span.getSpanContext()) {
      return span;
    }
    return new MaskedSpanData(span, name, attributes, events, links, resource, status, context);
  }

  /**
   * Masks the values of the exported trace state: a caller's {@code tracestate} is data like any header. What is
   * propagated onward is the live context's, never this copy. A masked value the trace state grammar refuses (it
   * forbids {@code ,} and {@code =}) leaves its entry out: never exported raw.
   */
  private SpanContext maskTraceState(SpanContext context) {
    TraceState state = context.getTraceState();
    if (!masking.isMasking() || state.isEmpty()) {
      return context;
    }
    List<String> keys = new ArrayList<>(state.size());
    List<String> values = new ArrayList<>(state.size());
    boolean changed = false;
    for (Map.Entry<String, String> entry : state.asMap().entrySet()) {
      String value = masking.text(entry.getValue());
      changed |= value != entry.getValue();
      keys.add(entry.getKey());
      values.add(value);
    }
    if (!changed) {
      return context;
    }
    // The builder puts each new entry first (the W3C order of recency): last to first keeps the received order.
    TraceStateBuilder masked = TraceState.builder();
    for (int i = keys.size() - 1; i >= 0; i--) {
      masked.put(keys.get(i), values.get(i));
    }
    return SpanContext.create(context.getTraceId(), context.getSpanId(), context.getTraceFlags(), masked.build());
  }

  private StatusData maskStatus(StatusData status) {
    String description = status.getDescription();
    String masked = masking.text(description);
    return masked == description ? status : StatusData.create(status.getStatusCode(), masked);
  }

  private List<EventData> maskEvents(List<EventData> events) {
    List<EventData> masked = null;
    for (int i = 0; i < events.size(); i++) {
      EventData event = events.get(i);
      String name = masking.text(event.getName());
      EventData view;
      if (event instanceof RenderingSpanExporter.RenderedExceptionEvent && stackTraces != null) {
        view = maskRendered((RenderingSpanExporter.RenderedExceptionEvent) event, name, stackTraces);
      } else {
        Attributes attributes = masking.attributes(event.getAttributes());
        // A plain event: an ExceptionEventData would carry the raw Throwable on to the exporter.
        view = name == event.getName() && attributes == event.getAttributes() ? event
            : EventData.create(event.getEpochNanos(), name, attributes, event.getTotalAttributeCount());
      }
      if (view != event) {
        if (masked == null) {
          masked = new ArrayList<>(events);
        }
        masked.set(i, view);
      }
    }
    return masked == null ? events : masked;
  }

  /** An event whose stack trace the rendering stage left in parts: its attributes masked, its parts joined masked. */
  private EventData maskRendered(RenderingSpanExporter.RenderedExceptionEvent event, String name,
      MaskedStackTraces stackTraces) {
    Attributes attributes = masking.attributes(event.recordedAttributes()).toBuilder()
        .put(TraceguardAttributes.EXCEPTION_STACKTRACE, stackTraces.mask(event.stackTrace()))
        .build();
    return EventData.create(event.getEpochNanos(), name, attributes, event.getTotalAttributeCount());
  }

  private List<LinkData> maskLinks(List<LinkData> links) {
    List<LinkData> masked = null;
    for (int i = 0; i < links.size(); i++) {
      LinkData link = links.get(i);
      Attributes attributes = masking.attributes(link.getAttributes());
      if (attributes != link.getAttributes()) {
        if (masked == null) {
          masked = new ArrayList<>(links);
        }
        masked.set(i, LinkData.create(link.getSpanContext(), attributes, link.getTotalAttributeCount()));
      }
    }
    return masked == null ? links : masked;
  }

  /** A span with masked parts; everything else, the total attribute count included, is the original's. */
  private static final class MaskedSpanData extends DelegatingSpanData {
    private final String name;
    private final Attributes attributes;
    private final List<EventData> events;
    private final List<LinkData> links;
    private final Resource resource;
    private final StatusData status;
    private final SpanContext context;

    MaskedSpanData(
        SpanData delegate,
        String name,
        Attributes attributes,
        List<EventData> events,
        List<LinkData> links,
        Resource resource,
        StatusData status,
        SpanContext context) {
      super(delegate);
      this.context = context;
      this.name = name;
      this.attributes = attributes;
      this.events = events;
      this.links = links;
      this.resource = resource;
      this.status = status;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public List<EventData> getEvents() {
      return events;
    }

    @Override
    public List<LinkData> getLinks() {
      return links;
    }

    @Override
    public Resource getResource() {
      return resource;
    }

    @Override
    public StatusData getStatus() {
      return status;
    }

    @Override
    public SpanContext getSpanContext() {
      return context;
    }
  }
}
