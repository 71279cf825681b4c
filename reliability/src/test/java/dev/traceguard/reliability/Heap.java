package dev.traceguard.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The test JVM's heap after garbage collection, in bytes, as a bound on what tracing keeps alive. */
final class Heap {
  private Heap() {}

  /**
   * Returns the used heap after a few explicit collections: one {@code System.gc()} may leave garbage that a
   * concurrent collector has not yet reclaimed, the minimum of three is stable to a few megabytes.
   */
  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }
}
