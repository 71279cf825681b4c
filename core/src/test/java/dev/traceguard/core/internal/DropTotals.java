package dev.traceguard.core.internal;

import dev.traceguard.core.DropReason;
import java.util.EnumMap;
import java.util.Map;

/** Expected drop counts, as {@link ExportCounters#totals()} returns them, for the tests of what counts drops. */
final class DropTotals {
  private DropTotals() {}

  /** Every reason's count; {@code rejected} is {@link DropReason#REJECTED}. */
  static Map<DropReason, Long> of(long queueFull, long exportFailed, long rejected, long bufferFull, long shutdown) {
    Map<DropReason, Long> totals = new EnumMap<>(DropReason.class);
    totals.put(DropReason.QUEUE_FULL, queueFull);
    totals.put(DropReason.EXPORT_FAILED, exportFailed);
    totals.put(DropReason.REJECTED, rejected);
    totals.put(DropReason.RETRY_BUFFER_FULL, bufferFull);
    totals.put(DropReason.SHUTDOWN, shutdown);
    return totals;
  }

  /** Every reason's count, none rejected. */
  static Map<DropReason, Long> of(long queueFull, long exportFailed, long bufferFull, long shutdown) {
    return of(queueFull, exportFailed, 0, bufferFull, shutdown);
  }
}
