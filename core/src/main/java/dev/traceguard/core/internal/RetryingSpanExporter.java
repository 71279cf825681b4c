package dev.traceguard.core.internal;

import dev.traceguard.core.DropReason;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the spans of failed exports in a bounded buffer and sends them again once the backend accepts an export.
 *
 * <p>It sits behind the batch processor, after the exporter's own retries have given up, so an outage longer than
 * those retries loses nothing until the buffer is full; then the oldest spans go first, counted as {@link
 * DropReason#RETRY_BUFFER_FULL}. Memory is bounded by the buffer's capacity. Re-sending happens on the exporter's
 * completion thread, one batch at a time, never on a request thread. Thread-safe.
 */
public final class RetryingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final int capacity;
  private final int resendBatchSize;
  private final ExportCounters counters;
  private final long lastAttemptMillis;
  private final ArrayDeque<SpanData> buffer = new ArrayDeque<>();
  private final AtomicBoolean resending = new AtomicBoolean();

  /**
   * Wraps {@code delegate}.
   *
   * @param capacity the most spans kept for re-sending; 0 keeps none
   * @param resendBatchSize the most buffered spans sent in one export, positive
   * @param lastAttempt how long {@link #shutdown()} waits for its last attempt to send the buffer
   */
  public RetryingSpanExporter(
      SpanExporter delegate, int capacity, int resendBatchSize, Duration lastAttempt, ExportCounters counters) {
    this.delegate = delegate;
    this.capacity = capacity;
    this.resendBatchSize = resendBatchSize;
    this.lastAttemptMillis = lastAttempt.toMillis();
    this.counters = counters;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode outcome = new CompletableResultCode();
    CompletableResultCode result = exportQuietly(spans);
    result.whenComplete(() -> {
      if (result.isSuccess()) {
        outcome.succeed();
        resendBuffered();
      } else {
        keep(spans);
        outcome.fail();
      }
    });
    return outcome;
  }

  /** Returns how many spans wait for re-sending. */
  public int buffered() {
    synchronized (buffer) {
      return buffer.size();
    }
  }

  private CompletableResultCode exportQuietly(Collection<SpanData> spans) {
    try {
      return delegate.export(spans);
    } catch (RuntimeException e) {
      // An exporter that throws instead of failing its result must not take the batch processor down.
      return CompletableResultCode.ofFailure();
    }
  }

  private void keep(Collection<SpanData> spans) {
    if (capacity == 0) {
      counters.drop(DropReason.EXPORT_FAILED, spans.size());
      return;
    }
    int evicted = 0;
    synchronized (buffer) {
      for (SpanData span : spans) {
        if (buffer.size() == capacity) {
          buffer.pollFirst();
          evicted++;
        }
        buffer.addLast(span);
      }
    }
    counters.drop(DropReason.RETRY_BUFFER_FULL, evicted);
  }

  /** Sends buffered spans one batch at a time while the backend keeps accepting them. */
  private void resendBuffered() {
    if (!resending.compareAndSet(false, true)) {
      return;
    }
    List<SpanData> batch = new ArrayList<>();
    synchronized (buffer) {
      while (batch.size() < resendBatchSize && !buffer.isEmpty()) {
        batch.add(buffer.pollFirst());
      }
    }
    if (batch.isEmpty()) {
      resending.set(false);
      return;
    }
    CompletableResultCode result = exportQuietly(batch);
    result.whenComplete(() -> {
      boolean success = result.isSuccess();
      if (!success) {
        putBack(batch);
      }
      resending.set(false);
      if (success) {
        resendBuffered();
      }
    });
  }

  /** Returns a batch that failed again to the front, where it was, dropping the oldest if newer spans filled up. */
  private void putBack(List<SpanData> batch) {
    int evicted = 0;
    synchronized (buffer) {
      for (int i = batch.size() - 1; i >= 0; i--) {
        if (buffer.size() == capacity) {
          evicted++; // this span is older than everything in the buffer: it is the one to go
          continue;
        }
        buffer.addFirst(batch.get(i));
      }
    }
    counters.drop(DropReason.RETRY_BUFFER_FULL, evicted);
  }

  /** Tries once more to send what is buffered, then flushes the delegate. */
  @Override
  public CompletableResultCode flush() {
    resendBuffered();
    return delegate.flush();
  }

  /**
   * Makes a last attempt to send the buffered spans (bounded by the caller's wait on the result), counts what is
   * still buffered as {@link DropReason#SHUTDOWN}, and shuts the delegate down.
   */
  @Override
  public CompletableResultCode shutdown() {
    List<SpanData> remaining;
    synchronized (buffer) {
      remaining = new ArrayList<>(buffer);
      buffer.clear();
    }
    CompletableResultCode result = new CompletableResultCode();
    CompletableResultCode last = remaining.isEmpty() ? CompletableResultCode.ofSuccess() : exportQuietly(remaining);
    last.join(lastAttemptMillis, TimeUnit.MILLISECONDS);
    if (!last.isSuccess()) {
      counters.drop(DropReason.SHUTDOWN, remaining.size());
    }
    CompletableResultCode closed = delegate.shutdown();
    closed.whenComplete(() -> {
      if (closed.isSuccess()) {
        result.succeed();
      } else {
        result.fail();
      }
    });
    return result;
  }

  @Override
  public String toString() {
    return "RetryingSpanExporter{" + delegate + ", capacity=" + capacity + '}';
  }
}
