package dev.traceguard.core.internal;

import dev.traceguard.core.DropReason;
import dev.traceguard.core.LogThrottle;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts dropped spans by reason and says so in the log at most once per interval, with the totals, so that no
 * span is lost silently and a failing backend does not flood the log. Thread-safe, lock-free on the counting path.
 */
public final class ExportCounters {
  private static final Logger logger = Logger.getLogger(ExportCounters.class.getName());

  private final String owner;
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
  private final LogThrottle logThrottle;
  private final LongAdder failedExports = new LongAdder();

  /** Creates counters for the named owner (the service name), logging at most once a minute. */
  public ExportCounters(String owner) {
    this(owner, LogThrottle.everyMinute());
  }

  ExportCounters(String owner, long logIntervalNanos) {
    this(owner, LogThrottle.every(java.time.Duration.ofNanos(logIntervalNanos)));
  }

  private ExportCounters(String owner, LogThrottle logThrottle) {
    this.owner = owner;
    this.logThrottle = logThrottle;
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, new LongAdder());
    }
  }

  /** Counts {@code count} spans dropped for {@code reason}; ignores non-positive counts. Never throws. */
  public void drop(DropReason reason, long count) {
    if (count <= 0) {
      return;
    }
    dropped.get(reason).add(count);
    if (logThrottle.tryAcquire()) {
      logger.log(Level.WARNING, "Traceguard [{0}] dropped spans so far: {1}", new Object[] {owner, totals()});
    }
  }

  /**
   * Counts {@code count} spans dropped for {@code reason} without the periodic log line, for a caller that logs
   * them itself with more to say (the shutdown's settlement). Ignores non-positive counts. Never throws.
   */
  void dropLogged(DropReason reason, long count) {
    if (count > 0) {
      dropped.get(reason).add(count);
    }
  }

  /**
   * Counts one export whose result failed, whether its spans were then buffered for retry or dropped: what makes
   * a flush that waited on it unsuccessful. Never throws.
   */
  public void exportFailed() {
    failedExports.increment();
  }

  /** Returns how many exports failed so far (see {@link #exportFailed()}). */
  public long failedExports() {
    return failedExports.sum();
  }

  /** Returns the spans dropped so far for {@code reason}. */
  public long dropped(DropReason reason) {
    return dropped.get(reason).sum();
  }

  /** Returns every reason's count, in declaration order. */
  public Map<DropReason, Long> totals() {
    Map<DropReason, Long> totals = new EnumMap<>(DropReason.class);
    dropped.forEach((reason, adder) -> totals.put(reason, adder.sum()));
    return totals;
  }
}
