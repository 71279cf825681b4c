package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.PiiMasker;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Collection;
import java.util.Set;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Masks every log record on its way to the exporter it wraps, on the log record processor's thread, as {@link
 * MaskingSpanExporter} does spans: the body (a string, or every string in a structured body), every string
 * attribute (with the HTTP redaction and the exception rules of {@link SignalMasking}), the event name, and the
 * resource but for its identity keys. An unchanged record is exported as the very same {@link LogRecordData}, an
 * unchanged batch as the very same collection.
 *
 * <p>Never throws from {@link #export}. A record whose masking fails is never exported unmasked: it is dropped,
 * counted in {@link #droppedUnmaskable()} and logged at FINE at most once a minute. Thread-safe.
 */
public final class MaskingLogRecordExporter implements LogRecordExporter {
  private static final Logger logger = Logger.getLogger(MaskingLogRecordExporter.class.getName());
  // A server's older SDK (traceguard-all-mp) lacks parts of LogRecordData: WildFly 39's (1.48) the event name,
  // Payara's (1.29) the body as a Value. Calling them there throws NoSuchMethodError on the server's export thread.
  private static final boolean SDK_EVENT_NAMES = SdkMethods.has(LogRecordData.class, "getEventName");
  private static final boolean SDK_BODY_VALUES = SdkMethods.has(LogRecordData.class, "getBodyValue");

  private final LogRecordExporter delegate;
  private final SignalMasking masking;
  private final boolean eventNames;
  private final boolean bodyValues;
  private final MaskedBatches<LogRecordData> batches = new MaskedBatches<>(logger, "log records");

  private MaskingLogRecordExporter(LogRecordExporter delegate, SignalMasking masking, boolean eventNames,
      boolean bodyValues) {
    this.delegate = delegate;
    this.masking = masking;
    this.eventNames = eventNames;
    this.bodyValues = bodyValues;
  }

  /**
   * Returns an exporter that masks log records and hands them to {@code delegate}.
   *
   * @param delegate the exporter that receives the masked records; not null
   * @param masker the masker; {@link PiiMasker#noop()} when masking is turned off, in which case sensitive headers
   *     and secret query parameters in attributes are still redacted; not null
   * @param extraRedactedHeaders header names to redact besides the sensitive ones, lower case; not null; copied
   * @param allowedHeaders header names masked like any text although they hold a credential word; not null; copied
   * @throws NullPointerException if an argument is null
   */
  public static MaskingLogRecordExporter create(LogRecordExporter delegate, PiiMasker masker,
      Set<String> extraRedactedHeaders, Set<String> allowedHeaders) {
    return forSdk(delegate, masker, extraRedactedHeaders, allowedHeaders, SDK_EVENT_NAMES, SDK_BODY_VALUES);
  }

  /**
   * As {@link #create}, for an SDK whose log records have an event name ({@code eventNames}) and a body as a {@code
   * Value} ({@code bodyValues}), or not: without them, the event name is not read and the body is read and masked as
   * the older SDKs' {@code Body}.
   */
  static MaskingLogRecordExporter forSdk(LogRecordExporter delegate, PiiMasker masker,
      Set<String> extraRedactedHeaders, Set<String> allowedHeaders, boolean eventNames, boolean bodyValues) {
    return new MaskingLogRecordExporter(requireNonNull(delegate, "delegate"),
        new SignalMasking(masker, extraRedactedHeaders, allowedHeaders), eventNames, bodyValues);
  }

  /**
   * Masks {@code records} and exports what could be masked; never throws.
   *
   * @return the delegate's result; a success when every record was dropped; a failure when the delegate threw or
   *     the collection could not be read
   */
  @Override
  public CompletableResultCode export(Collection<LogRecordData> records) {
    return batches.export(records, this::mask, delegate::export);
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

  /** Returns how many records were dropped, since creation, because masking them failed. */
  public long droppedUnmaskable() {
    return batches.droppedUnmaskable();
  }

  /** Returns a description naming the delegate. */
  @Override
  public String toString() {
    return "MaskingLogRecordExporter{delegate=" + delegate + ", masker=" + masking.masker() + '}';
  }

  /** Returns {@code record} itself when nothing needs masking, otherwise a masked view of it. */
  LogRecordData mask(LogRecordData record) {
    Value<?> body = bodyValues ? record.getBodyValue() : null;
    Value<?> maskedBody = body == null ? null : masking.value(body);
    String text = bodyValues ? null : olderBody(record);
    String maskedText = text == null ? null : masking.text(text);
    Attributes attributes = masking.attributes(record.getAttributes());
    Resource resource = masking.resource(record.getResource());
    String eventName = eventNames ? record.getEventName() : null;
    String maskedEventName = eventName == null ? null : masking.text(eventName);
    if (maskedBody == body && maskedText == text && attributes == record.getAttributes()
        && resource == record.getResource() && maskedEventName == eventName) {
      return record;
    }
    return new MaskedLogRecordData(record, maskedBody, maskedText, attributes, resource, maskedEventName);
  }

  /** The body as an SDK without {@code getBodyValue} gives it: a string, or null when empty. */
  @SuppressWarnings("deprecation") // the only body such an SDK has
  private static @Nullable String olderBody(LogRecordData record) {
    Body body = record.getBody();
    return body.getType() == Body.Type.STRING ? body.asString() : null;
  }

  /** A log record with masked parts; everything else is the original's. */
  private static final class MaskedLogRecordData implements LogRecordData {
    private final LogRecordData delegate;
    private final @Nullable Value<?> body;
    // The masked body read from an SDK without Value bodies (then body is null): only getBody() is asked for it.
    private final @Nullable String text;
    private final Attributes attributes;
    private final Resource resource;
    private final @Nullable String eventName;

    MaskedLogRecordData(LogRecordData delegate, @Nullable Value<?> body, @Nullable String text,
        Attributes attributes, Resource resource, @Nullable String eventName) {
      this.delegate = delegate;
      this.body = body;
      this.text = text;
      this.attributes = attributes;
      this.resource = resource;
      this.eventName = eventName;
    }

    @Override
    public Resource getResource() {
      return resource;
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
      return delegate.getInstrumentationScopeInfo();
    }

    @Override
    public long getTimestampEpochNanos() {
      return delegate.getTimestampEpochNanos();
    }

    @Override
    public long getObservedTimestampEpochNanos() {
      return delegate.getObservedTimestampEpochNanos();
    }

    @Override
    public SpanContext getSpanContext() {
      return delegate.getSpanContext();
    }

    @Override
    public Severity getSeverity() {
      return delegate.getSeverity();
    }

    @Override
    public @Nullable String getSeverityText() {
      return delegate.getSeverityText();
    }

    @Override
    @Deprecated
    public Body getBody() {
      if (text != null) {
        return Body.string(text);
      }
      return body == null ? Body.empty() : Body.string(body.asString());
    }

    @Override
    public @Nullable Value<?> getBodyValue() {
      return body;
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public int getTotalAttributeCount() {
      return delegate.getTotalAttributeCount();
    }

    @Override
    public @Nullable String getEventName() {
      return eventName;
    }
  }
}
