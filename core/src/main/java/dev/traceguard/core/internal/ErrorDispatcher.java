package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.api.spi.ErrorReport;
import dev.traceguard.core.LogThrottle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands recorded errors to the {@link ErrorListener}s on a daemon thread of its own, so that a slow or failing
 * listener never delays or fails the request that recorded the error.
 *
 * <p>{@link #offer} never blocks: a full queue drops the report, counts it in {@link #dropped()} and logs a WARNING at
 * most once a minute. The worker calls every listener for each report, catching whatever a listener throws (counted
 * in {@link #listenerFailures()}). Which errors are reported, and when, is the {@code ErrorRecorder}'s rule: every
 * report offered is handed out. Thread-safe.
 */
public final class ErrorDispatcher {
  /** How many reports wait for the listeners at most: {@value}. */
  public static final int DEFAULT_CAPACITY = 1024;

  private static final Logger logger = Logger.getLogger(ErrorDispatcher.class.getName());
  private static final long POLL_MILLIS = 100;

  private final List<ErrorListener> listeners;
  private final BlockingQueue<ErrorReport> queue;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();
  private final LogThrottle dropLog = LogThrottle.everyMinute();
  private final LogThrottle failureLog = LogThrottle.everyMinute();
  private final Thread worker;
  private volatile boolean stopping;
  private final PiiMasker masker;

  /**
   * Creates a dispatcher for {@code listeners}, with a queue of {@code capacity}; its thread is not started yet.
   *
   * @param serviceName names the thread, so a thread dump tells which application it serves
   * @param masker handed to each listener with each report ({@link ErrorListener#onError(ErrorReport, PiiMasker)})
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public ErrorDispatcher(List<ErrorListener> listeners, int capacity, String serviceName, PiiMasker masker) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.listeners = List.copyOf(listeners);
    this.masker = requireNonNull(masker, "masker");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::run, "traceguard-errors-" + requireNonNull(serviceName, "serviceName"));
    worker.setDaemon(true);
  }

  /** Starts the worker thread; call once. */
  public void start() {
    worker.start();
  }

  /**
   * Queues {@code report} for the listeners; never blocks and never throws. Dropped (and counted) when the queue is
   * full or the dispatcher is shutting down.
   *
   * @return true if queued
   */
  public boolean offer(ErrorReport report) {
    if (!stopping && queue.offer(report)) {
      return true;
    }
    dropped.increment();
    if (dropLog.tryAcquire()) {
      logger.log(Level.WARNING, "Traceguard's error listeners are behind; an error report was dropped ("
          + dropped.sum() + " so far). Logged at most once a minute.");
    }
    return false;
  }

  /**
   * Lets the worker hand out what is queued, then stops it, waiting at most {@code timeout}; a worker still busy
   * then is interrupted and the reports left are lost. Calling it again does nothing.
   *
   * @return true when every queued report was handed out in time
   */
  public boolean shutdown(Duration timeout) {
    stopping = true;
    try {
      worker.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      worker.interrupt();
      return false;
    }
    return queue.isEmpty();
  }

  /** Returns how many reports were dropped because the queue was full or the dispatcher stopped. */
  public long dropped() {
    return dropped.sum();
  }

  /** Returns how many listener calls threw. */
  public long listenerFailures() {
    return listenerFailures.sum();
  }

  private void run() {
    while (true) {
      ErrorReport report;
      try {
        report = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return; // only shutdown interrupts, when its time is up
      }
      if (report == null) {
        if (stopping) {
          return;
        }
        continue;
      }
      for (ErrorListener listener : listeners) {
        notify(listener, report);
      }
    }
  }

  private void notify(ErrorListener listener, ErrorReport report) {
    try {
      listener.onError(report, masker);
    } catch (Throwable t) { // the worker serves every later report, so it must outlive any listener's failure
      listenerFailures.increment();
      if (failureLog.tryAcquire()) {
        logger.log(Level.WARNING, "The error listener " + listener.getClass().getName()
            + " failed; the report is skipped for it. Failures are counted and logged at most once a minute.", t);
      }
    }
  }
}
