package dev.traceguard.all;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code traceguard-all-mp} on Payara Micro (version from the build) with its own MicroProfile Telemetry switched on
 * by the application setting {@code otel.sdk.disabled=false}: {@link ServerTelemetryContract}, and redeploying.
 */
class PayaraServerTelemetryIT extends ServerTelemetryContract {
  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return PayaraMicro.startExploded(Path.of(TestEnvironment.property("payara.micro.jar")), war, port, work);
  }

  @Test
  void redeployedTenTimes_noTraceguardAccumulatesAndTheHeapStaysFlat() throws Exception {
    checkRedeploys(() -> PayaraMicro.reload(server(), work()), () -> PayaraMicro.staleCopies(server()));
  }

  @Override
  String tracesExporter() {
    return "otlp,file";
  }

  /** Payara's instrumentation follows the HTTP conventions before their stable release. */
  @Override
  String queryAttribute() {
    return "http.target";
  }

  /** Payara's instrumentation leaves Traceguard's {@code error.type} as it is. */
  @Override
  String unexpectedFailureErrorType() {
    return IllegalStateException.class.getName();
  }
}
