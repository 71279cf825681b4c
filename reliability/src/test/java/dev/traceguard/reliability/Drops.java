package dev.traceguard.reliability;

import dev.traceguard.core.DropReason;
import dev.traceguard.core.TracingRuntime;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A runtime's drop counters, summed over every {@link DropReason} or shown one by one. */
final class Drops {
  private Drops() {}

  static long total(TracingRuntime runtime) {
    return Arrays.stream(DropReason.values()).mapToLong(runtime::droppedSpans).sum();
  }

  static String describe(TracingRuntime runtime) {
    return Arrays.stream(DropReason.values()).map(r -> r + "=" + runtime.droppedSpans(r))
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
