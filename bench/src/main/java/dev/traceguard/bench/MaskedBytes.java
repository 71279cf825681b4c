package dev.traceguard.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Characters handed to the masker by a benchmark; JMH reports the count per time unit. The masker benchmarks'
 * inputs are ASCII and their time unit the microsecond, so the figure is MB/s (10<sup>6</sup> bytes a second).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class MaskedBytes {
  /** Characters masked in this iteration. */
  public long bytes;

  /** Starts each iteration from zero. */
  @Setup(Level.Iteration)
  public void reset() {
    bytes = 0;
  }
}
