package dev.traceguard.all;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code traceguard-all-mp} on WildFly 39 with its own MicroProfile Telemetry switched on ({@code
 * standalone-microprofile.xml}, {@code otel.sdk.disabled=false}): {@link ServerTelemetryContract}, and redeploying.
 */
class WildFlyServerTelemetryIT extends ServerTelemetryContract {
  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return WildFly.start(Path.of(TestEnvironment.property("wildfly.home")), war, port, work,
        "standalone-microprofile.xml");
  }

  @Override
  String tracesExporter() {
    return "jaeger,file";
  }

  @Override
  boolean exportsApplicationLogs() {
    return true;
  }

  @Test
  void redeployedTenTimes_noTraceguardAccumulatesAndTheHeapStaysFlat() throws Exception {
    // As in WildFlyIT: a parked worker thread keeps its last request's application reachable until its next task.
    checkRedeploys(() -> WildFly.redeploy(server(), work(), "sample.war"),
        () -> LeakProbe.threads(server(), "default task-"));
  }
}
