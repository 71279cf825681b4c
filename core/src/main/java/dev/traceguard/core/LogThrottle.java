package dev.traceguard.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets a repeated failure be logged at most once per interval, so that a broken backend or a hostile request
 * cannot flood the log, while the first occurrence is always seen. Lock-free and thread-safe; callers keep
 * counting every occurrence themselves, so nothing is lost silently between two log lines.
 */
public final class LogThrottle {
  /** The interval of {@link #everyMinute()}. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  private static final long NEVER = Long.MIN_VALUE;

  private final long intervalNanos;
  private final AtomicLong lastNanos = new AtomicLong(NEVER);

  private LogThrottle(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** Returns a throttle that opens at most once a minute. */
  public static LogThrottle everyMinute() {
    return every(DEFAULT_INTERVAL);
  }

  /**
   * Returns a throttle that opens at most once per {@code interval}; zero opens on every call.
   *
   * @throws IllegalArgumentException if the interval is negative
   */
  public static LogThrottle every(Duration interval) {
    requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative, was " + interval);
    }
    return new LogThrottle(interval.toNanos());
  }

  /** Returns true on the first call and then at most once per interval; false otherwise. */
  public boolean tryAcquire() {
    long now = System.nanoTime();
    long last = lastNanos.get();
    return (last == NEVER || now - last >= intervalNanos) && lastNanos.compareAndSet(last, now);
  }

  /**
   * Logs {@code message} with {@code thrown} if the throttle opens. Never throws: a handler that fails to format a
   * pathological throwable is ignored, because logging must not break the request or the export that failed.
   */
  public void log(Logger logger, Level level, String message, Throwable thrown) {
    if (!logger.isLoggable(level) || !tryAcquire()) {
      return;
    }
    try {
      logger.log(level, message, thrown);
    } catch (RuntimeException | StackOverflowError e) {
      // Nothing more can be done without risking the caller.
    }
  }
}
