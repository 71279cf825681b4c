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

  private final LogRecordExporter delegate;
  private final SignalMasking masking;
  private final MaskedBatches<LogRecordData> batches = new MaskedBatches<>(logger, "log records");

  private MaskingLogRecordExporter(LogRecordExporter delegate, SignalMasking masking) {
    this.delegate = delegate;
    this.masking = masking;
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
    return new MaskingLogRecordExporter(requireNonNull(delegate, "delegate"),
        new SignalMasking(masker, extraRedactedHeaders, allowedHeaders));
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
    Value<?> body = record.getBodyValue();
    Value<?> maskedBody = body == null ? null : masking.value(body);
    Attributes attributes = masking.attributes(record.getAttributes());
    Resource resource = masking.resource(record.getResource());
    String eventName = record.getEventName();
    String maskedEventName = eventName == null ? null : masking.text(eventName);
    if (maskedBody == body && attributes == record.getAttributes() && resource == record.getResource()
        && maskedEventName == eventName) {
      return record;
    }
    return new MaskedLogRecordData(record, maskedBody, attributes, resource, maskedEventName);
  }

  /** A log record with masked parts; everything else is the original's. */
  private static final class MaskedLogRecordData implements LogRecordData {
    private final LogRecordData delegate;
    private final @Nullable Value<?> body;
    private final Attributes attributes;
    private final Resource resource;
    private final @Nullable String eventName;

    MaskedLogRecordData(LogRecordData delegate, @Nullable Value<?> body, Attributes attributes, Resource resource,
        @Nullable String eventName) {
      this.delegate = delegate;
      this.body = body;
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
