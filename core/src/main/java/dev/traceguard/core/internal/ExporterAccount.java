package dev.traceguard.core.internal;

import dev.traceguard.core.DropReason;
import dev.traceguard.core.LogThrottle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * One exporter's account of the spans it was given: how many are in an export that has not answered, how many its
 * retry buffer holds, and, through its {@link SpanQueue}, how many still wait in the batch processor's queue. At
 * shutdown, {@link #settle()} counts all of those as {@link DropReason#SHUTDOWN} once and closes the account, so a
 * span is never counted twice however late the exporter's own shutdown ends.
 *
 * <p>It also speaks for the exporter's failures: at most one WARNING per interval, naming the endpoint and the
 * cause in one line, with the count of failures since the last line; the stack trace only at FINE. Thread-safe.
 */
final class ExporterAccount {
  private static final Logger logger = Logger.getLogger(ExporterAccount.class.getName());

  private final String owner;
  private final String destination;
  private final ExportCounters counters;
  private final @Nullable SpanQueue queue;
  private final LogThrottle failureLog;
  private final AtomicLong inFlight = new AtomicLong();
  private final LongAdder failuresSinceLog = new LongAdder();
  private volatile IntSupplier held = () -> 0;
  private volatile Supplier<CompletableResultCode> retry = CompletableResultCode::ofSuccess;
  private volatile boolean settled;
  private volatile boolean durable;
  // Made when the account opens rather than at shutdown: by then a web container may have stopped the application's
  // class loader (Payara does, before CDI's BeforeShutdown), and a class loaded first there would end the shutdown.
  private final Loss nothingLeft;

  /**
   * Opens an account.
   *
   * @param owner the service name, for log lines
   * @param destination the exporter and its endpoint without credentials, for log lines
   * @param queue the queue of the batch processor feeding this exporter, or null when none does
   */
  ExporterAccount(String owner, String destination, ExportCounters counters, @Nullable SpanQueue queue,
      Duration logInterval) {
    this.owner = owner;
    this.destination = destination;
    this.counters = counters;
    this.queue = queue;
    this.failureLog = LogThrottle.every(logInterval);
    this.nothingLeft = new Loss(destination, 0, 0, 0);
    if (queue != null) {
      queue.feeds(this);
    }
  }

  /**
   * Names the count of spans the exporter keeps for another attempt (its retry buffer and any re-send), how to
   * make that attempt now, and whether what it keeps survives the process (a retry directory).
   */
  void heldBy(IntSupplier held, Supplier<CompletableResultCode> retry, boolean durable) {
    this.held = held;
    this.retry = retry;
    this.durable = durable;
  }

  /** Tries at once to send what the exporter holds; succeeds when nothing is left. */
  CompletableResultCode retryHeld() {
    return held.getAsInt() == 0 ? CompletableResultCode.ofSuccess() : retry.get();
  }

  /** The exporter and endpoint this account speaks for. */
  String destination() {
    return destination;
  }

  /** {@code count} spans left the queue in an export that has not answered yet. */
  void handed(int count) {
    inFlight.addAndGet(count);
    if (queue != null) {
      queue.handed(this, count);
    }
  }

  /** The export of {@code count} spans answered, whatever it answered. */
  void answered(int count) {
    inFlight.addAndGet(-count);
  }

  /** Notes an export answered at once with failure because the receiver asked for quiet; nothing is logged. */
  void heldBack() {
    counters.exportFailed();
  }

  /** Counts {@code count} spans dropped for {@code reason}, unless the account is settled (they are counted). */
  void drop(DropReason reason, int count) {
    if (!settled) {
      counters.drop(reason, count);
    }
  }

  /**
   * Notes a failed export of {@code count} spans and logs it if the interval allows.
   *
   * @param nextAttempt when the exporter tries again, or null when it will not
   */
  void failed(int count, ExportFailure failure, @Nullable Duration nextAttempt, @Nullable Throwable thrown) {
    counters.exportFailed();
    failuresSinceLog.increment();
    if (settled || !logger.isLoggable(Level.WARNING) || !failureLog.tryAcquire()) {
      return;
    }
    long failures = failuresSinceLog.sumThenReset();
    String retry = nextAttempt == null
        ? (failure.retryable() ? "not kept for retry" : "dropped, the receiver refused them")
        : held.getAsInt() + " spans wait for retry, next attempt in " + seconds(nextAttempt);
    logger.log(Level.WARNING, "Traceguard [{0}] could not export {1} spans to {2}: {3}; {4} (failed exports since"
        + " the last message: {5}; stack trace at FINE)",
        new Object[] {owner, count, destination, failure.description(), retry, failures});
    if (thrown != null && logger.isLoggable(Level.FINE)) {
      logger.log(Level.FINE, "Traceguard [" + owner + "] export to " + destination + " failed", thrown);
    }
  }

  /**
   * Closes the account: what is still queued, in flight or held is counted as {@link DropReason#SHUTDOWN} and
   * returned; later calls return an empty loss. After this, nothing the exporter reports is counted.
   */
  Loss settle() {
    if (settled) {
      return nothingLeft;
    }
    settled = true;
    // Spans kept in a retry directory are not lost: the next start sends them.
    Loss loss = new Loss(destination, queue == null ? 0 : queue.waiting(), Math.max(0, inFlight.get()),
        durable ? 0 : held.getAsInt());
    counters.dropLogged(DropReason.SHUTDOWN, loss.total()); // the ledger's settlement logs it
    return loss;
  }

  private static String seconds(Duration wait) {
    return wait.toMillis() < 1000 ? wait.toMillis() + " ms" : Math.round(wait.toMillis() / 1000.0) + " s";
  }

  /** What one exporter had not delivered when it was settled. */
  record Loss(String destination, long queued, long inFlight, long held) {
    /** All of it. */
    long total() {
      return queued + inFlight + held;
    }

    @Override
    public String toString() {
      return total() + " to " + destination + " (" + queued + " queued, " + inFlight + " in flight, " + held
          + " waiting for retry)";
    }
  }
}
