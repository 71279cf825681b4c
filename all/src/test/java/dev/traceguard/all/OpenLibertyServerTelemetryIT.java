package dev.traceguard.all;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code traceguard-all-mp} on Open Liberty 26.0.0.3 with {@code mpTelemetry-2.1} and the application setting {@code
 * otel.sdk.disabled=false}: {@link ServerTelemetryContract}, and redeploying.
 */
class OpenLibertyServerTelemetryIT extends ServerTelemetryContract {
  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return OpenLiberty.start(Path.of(TestEnvironment.property("liberty.home")), war, port, work,
        List.of("webProfile-10.0", "mpTelemetry-2.1"));
  }

  @Override
  String tracesExporter() {
    return "otlp,file";
  }

  @Override
  boolean exportsApplicationLogs() {
    return true;
  }

  @Test
  void redeployedTenTimes_noTraceguardAccumulatesAndTheHeapStaysFlat() throws Exception {
    // As in OpenLibertyIT: Liberty's shared loggers keep up to two older deployments reachable, an idle worker one.
    checkRedeploys(() -> OpenLiberty.redeploy(server(), work(), work().resolve("sample.war")),
        () -> 2 + LeakProbe.threads(server(), "Default Executor-thread-"));
  }
}
