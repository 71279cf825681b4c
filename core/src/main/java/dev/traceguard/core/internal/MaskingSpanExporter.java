package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.internal.pii.HttpRedaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Masks every span on its way to the exporter it wraps, on the batch processor's thread, so that nothing on the
 * request thread runs a masking expression.
 *
 * <p>What is masked with the {@link PiiMasker}: the span name and status description; every string, every string
 * element of a string array and every string inside a {@link Value} attribute of the span, of its events (and
 * their names) and of its links; the resource's attributes except those whose keys start with {@code service.} or
 * {@code telemetry.}, which name the service and the SDK. On top of the masker, whatever it is:
 *
 * <ul>
 *   <li>a captured header {@code http.request.header.<name>} or {@code http.response.header.<name>} whose name is
 *       one of {@link HttpRedaction#SENSITIVE_HEADERS} or of the extra names becomes {@link PiiMasker#REDACTED},
 *       every element of it;
 *   <li>{@code url.full} and {@code url.query} go through {@link HttpRedaction#redactQuery} before the masker, and
 *       {@code url.path} (and the path of {@code url.full}) is masked segment by segment ({@link UrlMasking});
 *   <li>{@code exception.message} and {@code exception.stacktrace} go through {@link StackTraces#stripPaths}
 *       before the masker, unless the masker is {@link PiiMasker#noop()} (masking turned off).
 * </ul>
 *
 * <p>So with {@link PiiMasker#noop()} only the HTTP redaction applies: it cannot be turned off.
 *
 * <p>A span is replaced by a masked view only when something changed; an unchanged span is exported as the very
 * same {@link SpanData}, and an unchanged batch as the very same collection. Masked resources are cached by
 * identity (a runtime has one resource), so a resource is masked once, not once per span.
 *
 * <p>Never throws from {@link #export}. A span whose masking fails is never exported unmasked: it is dropped,
 * counted in {@link #droppedUnmaskable()} and logged at {@code FINE} at most once a minute. Thread-safe.
 */
public final class MaskingSpanExporter implements SpanExporter {
  private static final Logger logger = Logger.getLogger(MaskingSpanExporter.class.getName());
  private static final String REQUEST_HEADER_PREFIX = "http.request.header.";
  private static final String RESPONSE_HEADER_PREFIX = "http.response.header.";
  private static final int RESOURCE_CACHE_SIZE = 4;

  private final SpanExporter delegate;
  private final PiiMasker masker;
  private final boolean masking;
  private final UrlMasking urls;
  private final Set<String> extraRedactedHeaders;
  private final Set<String> allowedHeaders;
  private final DeferredStackTraces.@Nullable Renderer stackTraces;
  private final LongAdder droppedUnmaskable = new LongAdder();
  // System.nanoTime() of the last drop logged; starts one interval back so the first drop is logged.
  private final LogThrottle logThrottle = LogThrottle.everyMinute();
  // Most recent first; replaced as a whole, so readers need no lock. Losing a race only costs a second masking.
  private volatile ResourceEntry[] resources = new ResourceEntry[0];

  private MaskingSpanExporter(SpanExporter delegate, PiiMasker masker, Set<String> extraRedactedHeaders,
      Set<String> allowedHeaders, @Nullable DeferredStackTraces stackTraces) {
    this.delegate = delegate;
    this.masker = masker;
    this.masking = masker != PiiMasker.noop();
    this.urls = new UrlMasking(masking, this::maskText);
    this.extraRedactedHeaders = extraRedactedHeaders;
    this.allowedHeaders = allowedHeaders;
    this.stackTraces = stackTraces == null ? null
        : stackTraces.masking(masking ? text -> maskText(StackTraces.stripPaths(text)) : UnaryOperator.identity());
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
    return of(delegate, masker, extraRedactedHeaders, Set.of(), null);
  }

  /**
   * Returns an exporter like {@link #create(SpanExporter, PiiMasker, Set)} that also renders the {@code
   * exception.stacktrace} of every exception event recorded without one (by a tracer that {@linkplain
   * DeferredStackTraces deferred} it): paths stripped and masked as {@link DeferredStackTraces#masking} says, then
   * cut at the length limit; headers in {@code allowedHeaders} are masked like any text although their names hold a
   * credential word ({@link HttpRedaction#isSensitiveHeader}).
   *
   * @throws NullPointerException if an argument or an element of a set is null
   */
  public static MaskingSpanExporter create(SpanExporter delegate, PiiMasker masker, Set<String> extraRedactedHeaders,
      Set<String> allowedHeaders, DeferredStackTraces stackTraces) {
    return of(delegate, masker, extraRedactedHeaders, requireNonNull(allowedHeaders, "allowedHeaders"),
        requireNonNull(stackTraces, "stackTraces"));
  }

  private static MaskingSpanExporter of(SpanExporter delegate, PiiMasker masker, Set<String> extraRedactedHeaders,
      Set<String> allowedHeaders, @Nullable DeferredStackTraces stackTraces) {
    requireNonNull(delegate, "delegate");
    requireNonNull(masker, "masker");
    requireNonNull(extraRedactedHeaders, "extraRedactedHeaders");
    return new MaskingSpanExporter(delegate, masker, Set.copyOf(extraRedactedHeaders), Set.copyOf(allowedHeaders),
        stackTraces);
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
    Collection<SpanData> toExport;
    try {
      toExport = maskAll(spans);
      if (toExport.isEmpty() && !spans.isEmpty()) {
        return CompletableResultCode.ofSuccess(); // every span was dropped
      }
    } catch (RuntimeException e) { // the collection itself failed: nothing is exported, nothing unmasked
      logThrottled("Could not read the spans to mask; the batch is reported as failed.", e);
      return CompletableResultCode.ofFailure();
    }
    try {
      return delegate.export(toExport);
    } catch (RuntimeException e) {
      logThrottled("The exporter behind the masking exporter threw; the batch is reported as failed.", e);
      return CompletableResultCode.ofFailure();
    }
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
    return droppedUnmaskable.sum();
  }

  /** Returns a description naming the delegate. */
  @Override
  public String toString() {
    return "MaskingSpanExporter{delegate=" + delegate + ", masker=" + masker + '}';
  }

  private Collection<SpanData> maskAll(Collection<SpanData> spans) {
    List<SpanData> masked = new ArrayList<>(spans.size());
    boolean changed = false;
    for (SpanData span : spans) {
      SpanData view;
      try {
        view = mask(span);
      } catch (RuntimeException | StackOverflowError e) {
        onDropped(1, e);
        changed = true;
        continue;
      }
      changed |= view != span;
      masked.add(view);
    }
    return changed ? masked : spans;
  }

  /** Returns {@code span} itself when nothing needs masking, otherwise a masked view of it. */
  SpanData mask(SpanData span) {
    String name = maskText(span.getName());
    Attributes attributes = maskAttributes(span.getAttributes(), false);
    List<EventData> events = maskEvents(span.getEvents());
    List<LinkData> links = maskLinks(span.getLinks());
    Resource resource = maskResource(span.getResource());
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
    if (!masking || state.isEmpty()) {
      return context;
    }
    List<String> keys = new ArrayList<>(state.size());
    List<String> values = new ArrayList<>(state.size());
    boolean changed = false;
    for (Map.Entry<String, String> entry : state.asMap().entrySet()) {
      String value = maskText(entry.getValue());
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

  private String maskText(String text) {
    return masking ? requireNonNull(masker.mask(text), "the masker returned null") : text;
  }

  private StatusData maskStatus(StatusData status) {
    String description = status.getDescription();
    String masked = maskText(description);
    return masked == description ? status : StatusData.create(status.getStatusCode(), masked);
  }

  /**
   * The stack trace, rendered and masked here, of an exception event whose recording left it to the export path;
   * null when the event needs none.
   */
  private @Nullable String deferredStackTrace(EventData event) {
    DeferredStackTraces.Renderer renderer = stackTraces;
    if (renderer == null || !(event instanceof ExceptionEventData)
        || event.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE) != null) {
      return null;
    }
    return renderer.render(((ExceptionEventData) event).getException());
  }

  private List<EventData> maskEvents(List<EventData> events) {
    List<EventData> masked = null;
    for (int i = 0; i < events.size(); i++) {
      EventData event = events.get(i);
      String name = maskText(event.getName());
      Attributes attributes = maskAttributes(event.getAttributes(), false);
      String stackTrace = deferredStackTrace(event);
      if (stackTrace != null) {
        attributes = attributes.toBuilder().put(TraceguardAttributes.EXCEPTION_STACKTRACE, stackTrace).build();
      }
      if (name != event.getName() || attributes != event.getAttributes()) {
        if (masked == null) {
          masked = new ArrayList<>(events);
        }
        // A plain event: an ExceptionEventData would carry the raw Throwable on to the exporter.
        masked.set(i, EventData.create(event.getEpochNanos(), name, attributes,
            event.getTotalAttributeCount() + (stackTrace == null ? 0 : 1)));
      }
    }
    return masked == null ? events : masked;
  }

  private List<LinkData> maskLinks(List<LinkData> links) {
    List<LinkData> masked = null;
    for (int i = 0; i < links.size(); i++) {
      LinkData link = links.get(i);
      Attributes attributes = maskAttributes(link.getAttributes(), false);
      if (attributes != link.getAttributes()) {
        if (masked == null) {
          masked = new ArrayList<>(links);
        }
        masked.set(i, LinkData.create(link.getSpanContext(), attributes, link.getTotalAttributeCount()));
      }
    }
    return masked == null ? links : masked;
  }

  private Resource maskResource(Resource resource) {
    ResourceEntry[] entries = resources;
    for (ResourceEntry entry : entries) {
      if (entry.source == resource) {
        return entry.masked;
      }
    }
    Attributes attributes = maskAttributes(resource.getAttributes(), true);
    Resource masked = attributes == resource.getAttributes()
        ? resource
        : Resource.create(attributes, resource.getSchemaUrl());
    ResourceEntry[] updated = new ResourceEntry[Math.min(entries.length + 1, RESOURCE_CACHE_SIZE)];
    updated[0] = new ResourceEntry(resource, masked);
    System.arraycopy(entries, 0, updated, 1, updated.length - 1);
    resources = updated;
    return masked;
  }

  /** Returns {@code attributes} itself when nothing changed. */
  private Attributes maskAttributes(Attributes attributes, boolean resource) {
    if (attributes.isEmpty()) {
      return attributes;
    }
    AttributeMasker visitor = new AttributeMasker(attributes, resource);
    attributes.forEach(visitor);
    return visitor.builder == null ? attributes : visitor.builder.build();
  }

  /** What is done with the strings of one attribute. */
  private enum Rule {
    KEEP,
    MASK,
    REDACT,
    URL,
    /** {@code url.path}: each segment percent-decoded and masked on its own. */
    PATH,
    /** A captured header value: masked, and masked decoded when percent-encoding hides something. */
    HEADER,
    EXCEPTION_TEXT
  }

  private Rule ruleFor(String key, boolean resource) {
    if (resource && (key.startsWith("service.") || key.startsWith("telemetry."))) {
      return Rule.KEEP;
    }
    if (isSensitiveHeaderKey(key)) {
      return Rule.REDACT;
    }
    if (key.equals(TraceguardAttributes.URL_FULL.getKey()) || key.equals(TraceguardAttributes.URL_QUERY.getKey())) {
      return Rule.URL;
    }
    if (key.equals(TraceguardAttributes.URL_PATH.getKey())) {
      return Rule.PATH;
    }
    if (key.startsWith(REQUEST_HEADER_PREFIX) || key.startsWith(RESPONSE_HEADER_PREFIX)) {
      return Rule.HEADER; // baggage: user=alice%40example.com
    }
    if (key.equals(TraceguardAttributes.EXCEPTION_MESSAGE.getKey())
        || key.equals(TraceguardAttributes.EXCEPTION_STACKTRACE.getKey())) {
      return Rule.EXCEPTION_TEXT;
    }
    return Rule.MASK;
  }

  private boolean isSensitiveHeaderKey(String key) {
    int prefix;
    if (key.startsWith(REQUEST_HEADER_PREFIX)) {
      prefix = REQUEST_HEADER_PREFIX.length();
    } else if (key.startsWith(RESPONSE_HEADER_PREFIX)) {
      prefix = RESPONSE_HEADER_PREFIX.length();
    } else {
      return false;
    }
    String name = key.substring(prefix).toLowerCase(Locale.ROOT);
    return HttpRedaction.isSensitiveHeader(name, extraRedactedHeaders, allowedHeaders);
  }

  private String apply(Rule rule, String value) {
    switch (rule) {
      case KEEP:
        return value;
      case REDACT:
        return PiiMasker.REDACTED.equals(value) ? value : PiiMasker.REDACTED;
      case URL:
        return urls.maskUrl(HttpRedaction.redactQuery(value));
      case PATH:
        return urls.maskPath(value);
      case HEADER:
        return urls.maskEncoded(value);
      case EXCEPTION_TEXT:
        return masking ? maskText(StackTraces.stripPaths(value)) : value;
      default:
        return maskText(value);
    }
  }

  /** Returns {@code value} itself when none of its strings changed. */
  private Object maskValue(Rule rule, AttributeKey<?> key, Object value) {
    switch (key.getType()) {
      case STRING:
        return apply(rule, (String) value);
      case STRING_ARRAY:
        return maskStrings(rule, (List<?>) value);
      case VALUE:
        return maskAnyValue(rule, (Value<?>) value);
      default:
        return value;
    }
  }

  private List<?> maskStrings(Rule rule, List<?> values) {
    List<String> masked = null;
    for (int i = 0; i < values.size(); i++) {
      String value = (String) values.get(i);
      String result = apply(rule, value);
      if (result != value && masked == null) {
        masked = new ArrayList<>(values.size());
        for (int j = 0; j < i; j++) {
          masked.add((String) values.get(j));
        }
      }
      if (masked != null) {
        masked.add(result);
      }
    }
    return masked == null ? values : masked;
  }

  private Value<?> maskAnyValue(Rule rule, Value<?> value) {
    switch (value.getType()) {
      case STRING: {
        String text = (String) value.getValue();
        String masked = apply(rule, text);
        return masked == text ? value : Value.of(masked);
      }
      case ARRAY: {
        @SuppressWarnings("unchecked")
        List<Value<?>> elements = (List<Value<?>>) value.getValue();
        List<Value<?>> masked = null;
        for (int i = 0; i < elements.size(); i++) {
          Value<?> element = elements.get(i);
          Value<?> result = maskAnyValue(rule, element);
          if (result != element && masked == null) {
            masked = new ArrayList<>(elements);
          }
          if (masked != null) {
            masked.set(i, result);
          }
        }
        return masked == null ? value : Value.of(masked);
      }
      case KEY_VALUE_LIST: {
        @SuppressWarnings("unchecked")
        List<KeyValue> entries = (List<KeyValue>) value.getValue();
        KeyValue[] masked = null;
        for (int i = 0; i < entries.size(); i++) {
          KeyValue entry = entries.get(i);
          Value<?> result = maskAnyValue(rule, entry.getValue());
          if (result != entry.getValue() && masked == null) {
            masked = entries.toArray(new KeyValue[0]);
          }
          if (masked != null && result != entry.getValue()) {
            masked[i] = KeyValue.of(entry.getKey(), result);
          }
        }
        return masked == null ? value : Value.of(masked);
      }
      default:
        return value;
    }
  }

  private void onDropped(int count, Throwable failure) {
    droppedUnmaskable.add(count);
    logThrottled("Dropped a span that could not be masked; spans are never exported unmasked. Further drops are"
        + " counted in droppedUnmaskable() and logged at most once a minute.", failure);
  }

  private void logThrottled(String message, Throwable failure) {
    logThrottle.log(logger, Level.FINE, message, failure);
  }


  /** Visits the attributes of one set; makes a builder at the first change only. */
  private final class AttributeMasker implements BiConsumer<AttributeKey<?>, Object> {
    private final Attributes source;
    private final boolean resource;
    @Nullable AttributesBuilder builder;

    AttributeMasker(Attributes source, boolean resource) {
      this.source = source;
      this.resource = resource;
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      Rule rule = ruleFor(key.getKey(), resource);
      if (rule == Rule.KEEP || ((rule == Rule.MASK || rule == Rule.HEADER) && !masking)) {
        return;
      }
      Object masked = maskValue(rule, key, value);
      if (masked == value) {
        return;
      }
      if (builder == null) {
        builder = source.toBuilder();
      }
      @SuppressWarnings("unchecked")
      AttributeKey<Object> typed = (AttributeKey<Object>) key;
      builder.put(typed, masked);
    }
  }

  private static final class ResourceEntry {
    final Resource source;
    final Resource masked;

    ResourceEntry(Resource source, Resource masked) {
      this.source = source;
      this.masked = masked;
    }
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
