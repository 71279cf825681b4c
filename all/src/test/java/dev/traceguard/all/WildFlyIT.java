package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The drop-in contract on WildFly in its default set-up (RESTEasy, Weld, no MicroProfile Telemetry), and redeploying:
 * what an undeployed application leaves behind.
 */
class WildFlyIT extends DropInContract {
  private static final int REDEPLOYS = 10;
  /** One deployment still reached holds about 11 MB here; ten leaked ones would hold over 100. */
  private static final long HEAP_GROWTH_LIMIT_KB = 32 * 1024;

  @Override
  String serviceName() {
    return "wildfly-sample";
  }

  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return WildFly.start(Path.of(property("wildfly.home")), war, port, work);
  }

  @Test
  void redeployedTenTimes_noTraceguardAccumulatesAndTheHeapStaysFlat() throws Exception {
    ServerProcess server = server();
    requestUnknownOrder();
    long before = LeakProbe.heapUsedKb(server);

    for (int i = 0; i < REDEPLOYS; i++) {
      redeploy(work().resolve("wildfly-standalone/deployments"), "sample.war");
      requestUnknownOrder(); // traced and exported by the new deployment
    }

    long after = LeakProbe.heapUsedKb(server);
    System.out.printf("WildFly heap after %d redeploys: %,d KB, before: %,d KB%n", REDEPLOYS, after, before);
    // Besides the deployed copy, each idle worker thread may still reach the deployment its last request went to:
    // JBoss Threads keeps that task in a parked worker's stack frame until its next task (found with a heap dump).
    // That is bounded by the pool; a leak grows with every redeploy.
    long workers = LeakProbe.threads(server, "default task-");
    assertThat(LeakProbe.liveCopies(server, "dev.traceguard.core.TracingRuntime"))
        .as("loaded copies of TracingRuntime with live instances, %d worker threads", workers)
        .isBetween(1L, 1 + workers);
    assertThat(LeakProbe.threads(server, "BatchSpanProcessor")).as("span export threads").isEqualTo(1);
    assertThat(after - before).as("heap growth in KB").isLessThan(HEAP_GROWTH_LIMIT_KB);
  }

  /** Redeploys through the deployment scanner's marker file and waits until WildFly logs the replacement. */
  private void redeploy(Path deployments, String war) throws IOException {
    String replaced = "WFLYSRV0016: Replaced deployment \"" + war + "\"";
    long previous = occurrences(server().log(), replaced);
    Files.writeString(deployments.resolve(war + ".dodeploy"), war);
    await("redeployment of " + war).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .failFast("the redeployment failed", () -> Files.exists(deployments.resolve(war + ".failed")))
        .until(() -> occurrences(server().log(), replaced) > previous);
  }

  private static long occurrences(String text, String part) {
    return text.lines().filter(line -> line.contains(part)).count();
  }
}
