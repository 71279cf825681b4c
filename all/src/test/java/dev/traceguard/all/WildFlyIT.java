package dev.traceguard.all;

import java.io.IOException;
import java.nio.file.Path;
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
    checkRedeploys(() -> WildFly.redeploy(server(), work(), "sample.war"),
        () -> LeakProbe.threads(server(), "default task-"));
  }
}
