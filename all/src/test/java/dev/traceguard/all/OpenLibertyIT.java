package dev.traceguard.all;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The drop-in contract on Open Liberty in its default set-up (RESTEasy-based JAX-RS, Weld, no mpTelemetry), and
 * redeploying: what an updated application leaves behind.
 */
// The redeploy check first: once the application has used an executor of its own @ManagedExecutorDefinition (the
// concurrency check does), Liberty 26.0.0.3 leaves its default executor shut down at the undeploy, and every later
// deployment fails (CWWKE1202E). servers.md says so.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenLibertyIT extends DropInContract {
  @Override
  String serviceName() {
    return "liberty-sample";
  }

  /** Liberty's default context service propagates class loader and Jakarta EE metadata context only. */
  @Override
  Set<String> carriedByServerDefaults() {
    return Set.of();
  }

  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return OpenLiberty.start(Path.of(TestEnvironment.property("liberty.home")), war, port, work);
  }

  @Test
  @Order(1)
  void redeployedTenTimes_noTraceguardAccumulatesAndTheHeapStaysFlat() throws Exception {
    // Liberty's java.util.logging loggers are shared by name across applications, and each one's TraceComponent
    // keeps the class that first asked for it: Traceguard's loggers, still used by the new deployment, keep the
    // older deployment that created them reachable (heap dumps after ten redeploys, twice: two such copies, each
    // reached from a WsLogger's TraceComponent). An idle worker holding its last request, as on WildFly, is allowed
    // for too.
    checkRedeploys(() -> OpenLiberty.redeploy(server(), work(), work().resolve("sample.war")), () -> 2 + LeakProbe.threads(server(), "Default Executor-thread-"));
  }
}
