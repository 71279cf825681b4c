package dev.traceguard.core.internal;

import dev.traceguard.core.LogThrottle;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the masking exporters hand a batch on: mask every item, leave out (and count) an item whose masking fails so
 * that nothing is exported unmasked, pass the batch itself when nothing changed, and never throw. Failures are logged
 * at FINE at most once a minute. Thread-safe.
 *
 * @param <T> what is exported: spans or log records
 */
final class MaskedBatches<T> {
  private final Logger logger;
  private final String items;
  private final LongAdder droppedUnmaskable = new LongAdder();
  private final LogThrottle logThrottle = LogThrottle.everyMinute();

  /**
   * @param logger where failures are logged
   * @param items what is exported, in the plural, for the messages: {@code spans}
   */
  MaskedBatches(Logger logger, String items) {
    this.logger = logger;
    this.items = items;
  }

  /**
   * Masks {@code batch} with {@code mask} and hands what could be masked to {@code delegate}.
   *
   * @return the delegate's result; a success when every item was dropped; a failure when the delegate threw or the
   *     collection could not be read
   */
  CompletableResultCode export(Collection<T> batch, UnaryOperator<T> mask,
      Function<Collection<T>, CompletableResultCode> delegate) {
    Collection<T> toExport;
    try {
      toExport = maskAll(batch, mask);
      if (toExport.isEmpty() && !batch.isEmpty()) {
        return CompletableResultCode.ofSuccess(); // every item was dropped
      }
    } catch (RuntimeException e) { // the collection itself failed: nothing is exported, nothing unmasked
      log("Could not read the " + items + " to mask; the batch is reported as failed.", e);
      return CompletableResultCode.ofFailure();
    }
    try {
      return delegate.apply(toExport);
    } catch (RuntimeException e) {
      log("The exporter behind the masking exporter threw; the batch of " + items + " is reported as failed.", e);
      return CompletableResultCode.ofFailure();
    }
  }

  /** How many items were left out, since creation, because masking them failed. */
  long droppedUnmaskable() {
    return droppedUnmaskable.sum();
  }

  private Collection<T> maskAll(Collection<T> batch, UnaryOperator<T> mask) {
    List<T> masked = new ArrayList<>(batch.size());
    boolean changed = false;
    for (T item : batch) {
      T view;
      try {
        view = mask.apply(item);
      } catch (RuntimeException | StackOverflowError | LinkageError e) {
        dropped(e);
        changed = true;
        continue;
      }
      changed |= view != item;
      masked.add(view);
    }
    return changed ? masked : batch;
  }

  /**
   * Counts an item whose masking threw {@code failure}, and logs it at most once a minute: at WARNING when the SDK
   * lacks what masking reads (a server's older one), which every such item will meet; else at FINE.
   */
  private void dropped(Throwable failure) {
    droppedUnmaskable.increment();
    if (failure instanceof LinkageError) {
      logThrottle.log(logger, Level.WARNING, "Dropped " + items + " that Traceguard cannot mask with this"
          + " OpenTelemetry SDK; they are never exported unmasked. Logged at most once a minute.", failure);
    } else {
      log("Dropped " + items + " that could not be masked; they are never exported unmasked. Further drops are"
          + " counted in droppedUnmaskable() and logged at most once a minute.", failure);
    }
  }

  private void log(String message, Throwable failure) {
    logThrottle.log(logger, Level.FINE, message, failure);
  }
}
