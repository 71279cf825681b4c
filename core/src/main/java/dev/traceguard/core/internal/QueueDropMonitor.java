package dev.traceguard.core.internal;

import dev.traceguard.core.DropReason;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the spans the batch processor dropped because its queue was full, as {@link DropReason#QUEUE_FULL}.
 *
 * <p>The batch processor reports drops only as its own metric ({@code processedSpans} with {@code dropped=true});
 * this monitor gives it a private meter provider, reads that counter on demand and moves the increase into the
 * runtime's {@link ExportCounters}. Reading happens on the export thread and when the counts are asked for, never
 * on a request thread. Thread-safe.
 */
public final class QueueDropMonitor implements MetricReader {
  private static final String PROCESSED_SPANS = "processedSpans";
  private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

  private final ExportCounters counters;
  private final SdkMeterProvider meterProvider;
  private final AtomicLong reported = new AtomicLong();
  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  /** Creates a monitor feeding {@code counters}; hand {@link #meterProvider()} to the batch processor. */
  public QueueDropMonitor(ExportCounters counters) {
    this.counters = counters;
    this.meterProvider = SdkMeterProvider.builder().registerMetricReader(this).build();
  }

  /** Returns the private meter provider the batch processor reports to. */
  public SdkMeterProvider meterProvider() {
    return meterProvider;
  }

  /** Reads the batch processor's drop counter and counts what is new. Never throws. */
  public void update() {
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
    } catch (RuntimeException e) {
      return; // a metrics failure must not stop an export; the next update catches up
    }
    long previous = reported.getAndAccumulate(total, Math::max);
    counters.drop(DropReason.QUEUE_FULL, total - previous);
  }

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
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
