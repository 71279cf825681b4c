package dev.traceguard.core.internal;

import dev.traceguard.core.DropReason;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the spans the batch processor dropped because its queue was full, as {@link DropReason#QUEUE_FULL}.
 *
 * <p>The batch processor reports drops only as its own metric ({@code processedSpans} with {@code dropped=true}),
 * on the SDK's meter provider. This monitor is one more reader of that provider ({@link #registerOn}) that
 * aggregates nothing but that counter, so an application without a metrics exporter pays nothing for its own
 * instruments; it reads the counter on demand and moves the increase into the runtime's {@link ExportCounters}. Reading happens on the export thread and when the counts are asked for, never
 * on a request thread. Thread-safe.
 */
public final class QueueDropMonitor implements MetricReader {
  private static final String PROCESSED_SPANS = "processedSpans";
  private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

  private final ExportCounters counters;
  private final AtomicLong reported = new AtomicLong();
  private final AtomicBoolean updating = new AtomicBoolean();
  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  /** Creates a monitor feeding {@code counters}; register it on the SDK's meter provider with {@link #registerOn}. */
  public QueueDropMonitor(ExportCounters counters) {
    this.counters = counters;
  }

  /**
   * Registers this monitor as a reader of the meter provider being built, aggregating the batch processor's
   * counter only. Returns {@code builder}.
   */
  public SdkMeterProviderBuilder registerOn(SdkMeterProviderBuilder builder) {
    // The view keeps the counter's own aggregation (a sum) for every reader; for this one it is the only thing
    // that is not dropped.
    return builder
        .registerView(InstrumentSelector.builder().setName(PROCESSED_SPANS).build(),
            View.builder().setAggregation(Aggregation.sum()).build())
        .registerMetricReader(this);
  }

  /** Reads the batch processor's drop counter and counts what is new. Never throws. */
  public void update() {
    // The drop counter's own callback calls update(), and this reader's collection runs that callback.
    if (!updating.compareAndSet(false, true)) {
      return;
    }
    try {
      collect();
    } finally {
      updating.set(false);
    }
  }

  private void collect() {
    long total = 0;
    try {
      for (MetricData metric : registration.collectAllMetrics()) {
        if (PROCESSED_SPANS.equals(metric.getName())) {
          for (LongPointData point : metric.getLongSumData().getPoints()) {
            if (Boolean.TRUE.equals(point.getAttributes().get(DROPPED))) {
              total += point.getValue();
            }
          }
        }
      }
    } catch (RuntimeException | LinkageError e) {
      // A metrics failure must not stop an export; the next update catches up. LinkageError: at shutdown, a class
      // first needed now may be refused by a class loader the web container already stopped.
      return;
    }
    long previous = reported.getAndAccumulate(total, Math::max);
    counters.drop(DropReason.QUEUE_FULL, total - previous);
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return Aggregation.drop();
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
