package dev.traceguard.core.internal;

import dev.traceguard.core.DropReason;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Knows how many spans wait in a batch processor's queue, so that a shutdown can say how many it left behind, and
 * keeps that number within the queue's capacity itself, counting each span it turns away as {@link
 * DropReason#QUEUE_FULL}.
 *
 * <p>Why not the batch processor's own bound: it reports drops only as a metric shared by every batch processor of
 * the SDK, and the length of its queue not at all. A span is counted here when it ends sampled and enters the
 * {@link #around processor}, and leaves when the first exporter fed by the processor is {@linkplain
 * ExporterAccount#handed handed} its batch. Since the count includes the batch being assembled, the processor's
 * queue is never fuller than the count, so the SDK never drops a span uncounted here. Thread-safe; one atomic add
 * per ended span.
 */
final class SpanQueue {
  private final int capacity;
  private final ExportCounters counters;
  private final AtomicLong waiting = new AtomicLong();
  private final AtomicLong handedTotal = new AtomicLong(); // only ever grows; updated on the export thread
  private volatile @Nullable ExporterAccount lead;

  SpanQueue(int capacity, ExportCounters counters) {
    this.capacity = capacity;
    this.counters = counters;
  }

  /** Returns {@code batchProcessor} behind this queue's count and bound. */
  SpanProcessor around(SpanProcessor batchProcessor) {
    return new Bounded(batchProcessor);
  }

  /** The spans ended and not yet handed to an exporter. */
  long waiting() {
    return Math.max(0, waiting.get());
  }

  /** Registers an exporter the processor feeds; the first one's exports are the ones that empty the queue. */
  synchronized void feeds(ExporterAccount account) {
    if (lead == null) {
      lead = account;
    }
  }

  /** Every exporter of a composite gets each batch; only the lead's hand-over takes the spans out of the queue. */
  void handed(ExporterAccount account, int count) {
    if (account == lead) {
      handedTotal.addAndGet(count); // before the waiting count drops: mark() reads them in this order
      waiting.addAndGet(-count);
    }
  }

  /**
   * A mark that {@link #handedSince} compares with: how many spans will have been handed to the lead exporter once
   * every span admitted so far has been. Read without a lock: the total handed first, then the count waiting, since
   * a hand-over adds to the first before it takes from the second. A batch handed over between the two reads is then
   * counted at most once (or not at all: it is in an export already), never twice, which would have the mark wait
   * for spans that never come.
   */
  long mark() {
    long handed = handedTotal.get();
    return handed + waiting.get();
  }

  /** Whether every span admitted before {@code mark} was taken has been handed to the lead exporter. */
  boolean handedSince(long mark) {
    return lead == null || handedTotal.get() >= mark;
  }

  private boolean admit() {
    if (waiting.incrementAndGet() <= capacity) {
      return true;
    }
    waiting.decrementAndGet();
    counters.drop(DropReason.QUEUE_FULL, 1);
    return false;
  }

  /** The batch processor, entered only by spans the bound admits. */
  private final class Bounded extends ForwardingSpanProcessor {
    Bounded(SpanProcessor delegate) {
      super(delegate);
    }

    @Override
    public void onEnd(ReadableSpan span) {
      // The batch processor takes sampled spans only; an unsampled one is neither queued nor counted.
      if (span.getSpanContext().isSampled() && admit()) {
        delegate.onEnd(span);
      }
    }

    @Override
    public String toString() {
      return "SpanQueue.Bounded{" + delegate + ", capacity=" + capacity + '}';
    }
  }
}
