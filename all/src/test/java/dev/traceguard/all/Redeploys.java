package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Redeploys an application {@value #COUNT} times on a running server and checks with {@code jcmd}, after full
 * collections (soft references cleared: the launchers set {@code -XX:SoftRefLRUPolicyMSPerMB=0}), what the undeployed
 * copies left: the deployed application's span export threads only; loaded copies of {@code TracingRuntime} with live instances, beyond the
 * deployed one, no more than the server's own references explain; heap growth under a limit. A leak of Traceguard's
 * grows with every redeploy and fails all three. Shared by the drop-in contracts of both jars.
 */
final class Redeploys {
  static final int COUNT = 10;
  /** One deployment still reachable holds about 11 MB on WildFly; ten leaked ones would hold over 100. */
  static final long HEAP_GROWTH_LIMIT_KB = 32 * 1024;

  private Redeploys() {}

  /** One step against the running server: a redeployment that waits until the server says it is done, a request. */
  interface Step {
    void run() throws Exception;
  }

  /** How many undeployed copies of the application the server itself may still reach, read after the redeploys. */
  interface StaleCopies {
    long allowed() throws Exception;
  }

  /**
   * Sends {@code request} once, then {@value #COUNT} times redeploys and sends it again (traced by the new
   * deployment), and checks what is left: the deployed application's {@code exportThreadsExpected} span export
   * threads and no more. The heap may grow by {@code heapLimitKb(stale copies allowed)}. When more copies live than
   * allowed, a heap dump is written to {@code work} for whoever looks next.
   */
  static void check(ServerProcess server, Path work, Step redeployment, Step request, StaleCopies stale,
      LongUnaryOperator heapLimitKb, int exportThreadsExpected) throws Exception {
    request.run();
    long before = settledHeapUsedKb(server);

    for (int i = 0; i < COUNT; i++) {
      redeployment.run();
      request.run();
    }

    // The last undeployed copy may still be stopping its export threads: they get a while to end, as they would
    // between redeploys in production, before anything is counted.
    try {
      await("export threads of undeployed copies to end").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> LeakProbe.threads(server, "BatchSpanProcessor") <= exportThreadsExpected);
    } catch (ConditionTimeoutException e) {
      // Counted and failed below, with the figures.
    }
    long after = settledHeapUsedKb(server);
    long exportThreads = LeakProbe.threads(server, "BatchSpanProcessor");
    long copies = LeakProbe.liveCopies(server, "dev.traceguard.core.TracingRuntime");
    long allowed = stale.allowed();
    System.out.printf("%s: heap %,d KB before %d redeploys, %,d KB after; %d live TracingRuntime copies (at most %d"
        + " stale allowed), %d export threads%n", work.getFileName(), before, COUNT, after, copies, allowed,
        exportThreads);
    if (copies > 1 + allowed) {
      server.jcmd("GC.heap_dump", work.resolve("leak.hprof").toString());
    }
    assertThat(exportThreads).as("span export threads").isEqualTo(exportThreadsExpected);
    assertThat(copies).as("loaded copies of TracingRuntime with live instances").isBetween(1L, 1 + allowed);
    assertThat(after - before).as("heap growth in KB").isLessThan(heapLimitKb.applyAsLong(allowed));
  }

  /**
   * The least of three heap readings a second apart, each after full collections: what a server still does after a
   * redeploy (its caches, the new deployment's first requests) holds memory for a while, and one reading caught
   * Open Liberty 40 MB up where the next run read 11 MB, with the same live copies. A leak holds its memory in every
   * reading.
   */
  private static long settledHeapUsedKb(ServerProcess server) {
    List<Long> readings = new ArrayList<>();
    await("three heap readings").pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
        .atMost(Duration.ofMinutes(1))
        .until(() -> readings.add(LeakProbe.heapUsedKb(server)) && readings.size() >= 3);
    return Collections.min(readings);
  }
}
