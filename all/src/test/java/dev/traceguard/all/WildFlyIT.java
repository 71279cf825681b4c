package dev.traceguard.all;

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
  @Override
  String serviceName() {
    return "wildfly-sample";
  }

  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return WildFly.start(Path.of(TestEnvironment.property("wildfly.home")), war, port, work);
  }

  @Test
  void redeployedTenTimes_noTraceguardAccumulatesAndTheHeapStaysFlat() throws Exception {
    // JBoss Threads keeps a parked worker's last task in its stack frame until its next task: that request's
    // application stays reachable meanwhile (found with a heap dump), one per worker thread at most.
    checkRedeploys(() -> redeploy(work().resolve("wildfly-standalone/deployments"), "sample.war"),
        () -> LeakProbe.threads(server(), "default task-"));
  }

  /** Redeploys through the deployment scanner's marker file and waits until WildFly logs the replacement. */
  private void redeploy(Path deployments, String war) throws IOException {
    String replaced = "WFLYSRV0016: Replaced deployment \"" + war + "\"";
    long previous = server().logLines(replaced);
    Files.writeString(deployments.resolve(war + ".dodeploy"), war);
    await("redeployment of " + war).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .failFast("the redeployment failed", () -> Files.exists(deployments.resolve(war + ".failed")))
        .until(() -> server().logLines(replaced) > previous);
  }
}
