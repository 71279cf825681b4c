package dev.traceguard.core.internal;

import dev.traceguard.core.DropReason;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Delivers what the batch processor hands over, keeping the spans of failed exports in a bounded buffer and
 * sending them again on a timer of its own, oldest first, until the backend takes them.
 *
 * <p>It sits behind the batch processor and the masking, after the exporter's own retries have given up, so an
 * outage longer than those loses nothing until the buffer is full; then the oldest spans go first, counted as
 * {@link DropReason#RETRY_BUFFER_FULL}. The timer runs on this exporter's own daemon thread, started at the first
 * failure and stopped by {@link #shutdown()}: after a failure it waits the back-off (doubling from the initial
 * back-off up to the maximum, each wait drawn between half and all of it) and sends the oldest buffered batch; once
 * one is taken, the rest follow at once, one batch at a time, in order. A receiver that answers with {@code
 * Retry-After} is left alone that long (at most the maximum back-off): new batches join the buffer's end without
 * being sent. A batch the receiver refuses as invalid ({@link ExportFailure#retryable()} false) is dropped as
 * {@link DropReason#REJECTED} instead of being kept at the buffer's head. With a capacity of 0 nothing is kept:
 * every failed span is dropped as {@link DropReason#EXPORT_FAILED}, which is how local exporters run.
 *
 * <p>Every hand-over, answer and drop is entered in the exporter's {@link ExporterAccount}, which logs failures and
 * settles what is left at shutdown. Never sends on a request thread. Thread-safe.
 */
public final class RetryingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final RetryStore store; // guarded by itself
  private final int resendBatchSize;
  private final long initialBackoffNanos;
  private final long maxBackoffNanos;
  private final Duration lastAttempt;
  private final ExporterAccount account;
  private final Runnable beforeExport;
  private final AtomicBoolean resending = new AtomicBoolean();
  private final AtomicInteger resendingCount = new AtomicInteger();
  private final List<CompletableResultCode> drainWaiters = new ArrayList<>(); // guarded by store
  private final Object timerLock = new Object();
  private @Nullable ScheduledExecutorService timer; // guarded by timerLock
  private @Nullable ScheduledFuture<?> nextAttempt; // guarded by timerLock
  private int failuresInRow; // guarded by timerLock
  private volatile long quietUntilNanos = System.nanoTime();
  private volatile boolean shutDown;

  /**
   * Wraps {@code delegate}, keeping failed spans in memory.
   *
   * @param capacity the most spans kept for re-sending; 0 keeps none
   * @param resendBatchSize the most buffered spans sent in one export, positive
   * @param initialBackoff the first wait after a failure, positive
   * @param maxBackoff the longest wait, and the longest a {@code Retry-After} is honoured
   * @param lastAttempt how long {@link #shutdown()} waits for its last attempt to send the buffer
   * @param beforeExport run on the export thread before each export (the queue-drop monitor's update)
   */
  RetryingSpanExporter(SpanExporter delegate, int capacity, int resendBatchSize, Duration initialBackoff,
      Duration maxBackoff, Duration lastAttempt, ExporterAccount account, Runnable beforeExport) {
    this(delegate, new MemoryRetryStore(capacity), resendBatchSize, initialBackoff, maxBackoff, lastAttempt,
        account, beforeExport);
  }

  /**
   * Wraps {@code delegate}, keeping failed spans in {@code store}; what the store already holds (a directory's
   * files from before a restart) is sent after the initial back-off.
   */
  RetryingSpanExporter(SpanExporter delegate, RetryStore store, int resendBatchSize, Duration initialBackoff,
      Duration maxBackoff, Duration lastAttempt, ExporterAccount account, Runnable beforeExport) {
    this.delegate = delegate;
    this.store = store;
    this.resendBatchSize = resendBatchSize;
    this.initialBackoffNanos = initialBackoff.toNanos();
    this.maxBackoffNanos = maxBackoff.toNanos();
    this.lastAttempt = lastAttempt;
    this.account = account;
    this.beforeExport = beforeExport;
    account.heldBy(this::held, this::flush, store.durable());
    if (store.size() > 0) {
      scheduleAttempt(Duration.ZERO);
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    account.handed(count);
    beforeExport.run();
    if (store.keepsAny() && System.nanoTime() - quietUntilNanos < 0) {
      // The receiver asked for quiet: these join the buffer's end and go with it when the wait is over.
      keep(spans);
      account.answered(count);
      account.heldBack();
      return CompletableResultCode.ofFailure();
    }
    CompletableResultCode outcome = new CompletableResultCode();
    CompletableResultCode result = exportQuietly(spans);
    result.whenComplete(() -> {
      account.answered(count);
      if (result.isSuccess()) {
        succeeded();
        outcome.succeed();
        resendBuffered();
        return;
      }
      Throwable cause = ExportFailure.thrown(result);
      failedOnce(new RetryStore.Batch(List.copyOf(spans), ""), cause, false);
      ExportFailure.fail(outcome, cause);
    });
    return outcome;
  }

  /** Returns how many spans wait for re-sending, those of a re-send under way included. */
  public int held() {
    synchronized (store) {
      return store.size() + resendingCount.get();
    }
  }

  private CompletableResultCode exportQuietly(Collection<SpanData> spans) {
    try {
      return delegate.export(spans);
    } catch (RuntimeException e) {
      // An exporter that throws instead of failing its result must not take the batch processor down.
      return ExportFailure.failed(e);
    }
  }

  /** Files a failed export: kept for another attempt, or dropped; then accounted for and logged. */
  private ExportFailure failedOnce(RetryStore.Batch batch, @Nullable Throwable thrown, boolean resent) {
    List<SpanData> spans = batch.spans();
    ExportFailure failure = ExportFailure.of(thrown);
    Duration wait = null;
    if (!failure.retryable()) {
      if (resent) {
        synchronized (store) {
          store.done(batch);
        }
      }
      account.drop(DropReason.REJECTED, spans.size());
    } else if (!store.keepsAny()) {
      account.drop(DropReason.EXPORT_FAILED, spans.size());
    } else {
      if (resent) {
        putBack(batch);
      } else {
        keep(spans);
      }
      wait = scheduleAttempt(failure.retryAfter());
    }
    account.failed(spans.size(), failure, wait, thrown);
    return failure;
  }

  private void succeeded() {
    synchronized (timerLock) {
      failuresInRow = 0;
    }
  }

  private void keep(Collection<SpanData> spans) {
    int evicted;
    synchronized (store) {
      evicted = store.add(spans);
    }
    account.drop(DropReason.RETRY_BUFFER_FULL, evicted);
  }

  /** Returns a batch that failed again to the front, where it was, dropping the oldest if newer spans filled up. */
  private void putBack(RetryStore.Batch batch) {
    int evicted;
    synchronized (store) {
      evicted = store.putBack(batch);
    }
    account.drop(DropReason.RETRY_BUFFER_FULL, evicted);
  }

  /**
   * Makes sure an attempt is scheduled, unless one already is; returns the wait until it, or null after shutdown.
   * A receiver's {@code Retry-After} (capped at the maximum back-off) also holds back new batches that long.
   */
  private @Nullable Duration scheduleAttempt(Duration retryAfter) {
    synchronized (timerLock) {
      if (shutDown) {
        return null;
      }
      long now = System.nanoTime();
      long asked = Math.min(retryAfter.toNanos(), maxBackoffNanos);
      if (asked > 0) {
        quietUntilNanos = now + asked;
      }
      if (nextAttempt != null && !nextAttempt.isDone()) {
        long left = nextAttempt.getDelay(TimeUnit.NANOSECONDS);
        if (left >= asked) {
          return Duration.ofNanos(Math.max(0, left));
        }
        nextAttempt.cancel(false);
      }
      long wait = Math.max(asked, backoff(failuresInRow++));
      if (timer == null) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
          Thread thread = new Thread(task, "traceguard-export-retry");
          thread.setDaemon(true);
          return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        timer = executor;
      }
      nextAttempt = timer.schedule(this::resendBuffered, wait, TimeUnit.NANOSECONDS);
      return Duration.ofNanos(wait);
    }
  }

  /** The wait after {@code failures} failures in a row: doubling, capped, drawn between half and all of it. */
  private long backoff(int failures) {
    long ceiling = initialBackoffNanos;
    for (int i = 0; i < failures && ceiling < maxBackoffNanos; i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, maxBackoffNanos);
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  /** Sends buffered spans one batch at a time while the backend keeps accepting them. */
  private void resendBuffered() {
    if (shutDown || System.nanoTime() - quietUntilNanos < 0 || !resending.compareAndSet(false, true)) {
      return;
    }
    RetryStore.Batch batch;
    synchronized (store) {
      batch = store.take(resendBatchSize);
      resendingCount.addAndGet(batch.spans().size());
    }
    if (batch.isEmpty()) {
      resending.set(false);
      drained(true);
      return;
    }
    CompletableResultCode result = exportQuietly(batch.spans());
    result.whenComplete(() -> {
      boolean goOn = result.isSuccess();
      if (goOn) {
        synchronized (store) {
          store.done(batch);
        }
        succeeded();
      } else {
        goOn = !failedOnce(batch, ExportFailure.thrown(result), true).retryable();
      }
      resendingCount.addAndGet(-batch.spans().size());
      resending.set(false);
      if (goOn) {
        resendBuffered();
      } else {
        drained(false);
      }
    });
  }

  /** Completes the flushes waiting for the end of a re-send: successfully when it emptied the buffer. */
  private void drained(boolean emptied) {
    List<CompletableResultCode> waiting;
    synchronized (store) {
      if (drainWaiters.isEmpty()) {
        return;
      }
      waiting = new ArrayList<>(drainWaiters);
      drainWaiters.clear();
    }
    for (CompletableResultCode waiter : waiting) {
      if (emptied) {
        waiter.succeed();
      } else {
        waiter.fail();
      }
    }
  }

  /**
   * Flushes the delegate when nothing is held; otherwise tries at once to send what is buffered and completes when
   * that attempt ends: successfully only if it emptied the buffer. While the receiver asked for quiet, or after
   * shutdown, a flush with spans held fails at once.
   */
  @Override
  public CompletableResultCode flush() {
    if (held() == 0) {
      return delegate.flush();
    }
    if (shutDown || System.nanoTime() - quietUntilNanos < 0) {
      return CompletableResultCode.ofFailure();
    }
    CompletableResultCode waiter = new CompletableResultCode();
    synchronized (store) {
      drainWaiters.add(waiter);
    }
    resendBuffered();
    return waiter;
  }

  /**
   * Stops the timer, makes a last attempt to send the buffered spans (bounded by the last-attempt wait; from a
   * retry directory, one batch's worth), and shuts the delegate down. What the last attempt does not deliver stays
   * held, for the runtime's shutdown to count, or in its files for the next start.
   */
  @Override
  public CompletableResultCode shutdown() {
    synchronized (timerLock) {
      shutDown = true;
      if (timer != null) {
        timer.shutdownNow();
      }
    }
    drained(false);
    List<RetryStore.Batch> remaining = new ArrayList<>();
    List<SpanData> spans = new ArrayList<>();
    // Everything a memory buffer holds (it is in memory already); from files, one batch's worth: the rest stays on
    // disk for the next start, and reading it all could take far more memory than the buffer's bound.
    int most = store.durable() ? resendBatchSize : Integer.MAX_VALUE;
    synchronized (store) {
      for (RetryStore.Batch batch = store.take(most); !batch.isEmpty() && spans.size() < most;
          batch = spans.size() < most ? store.take(most) : RetryStore.Batch.EMPTY) {
        remaining.add(batch);
        spans.addAll(batch.spans());
      }
      resendingCount.addAndGet(spans.size());
    }
    if (!spans.isEmpty()) {
      CompletableResultCode last = exportQuietly(spans);
      last.join(lastAttempt.toMillis(), TimeUnit.MILLISECONDS);
      synchronized (store) {
        if (last.isDone()) {
          resendingCount.addAndGet(-spans.size());
          for (RetryStore.Batch batch : remaining) {
            if (last.isSuccess()) {
              store.done(batch);
            } else {
              store.putBack(batch);
            }
          }
        }
      }
    }
    synchronized (store) {
      store.close();
    }
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "RetryingSpanExporter{" + delegate + ", "
        + store + '}';
  }
}
