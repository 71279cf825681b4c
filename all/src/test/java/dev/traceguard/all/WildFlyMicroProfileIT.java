package dev.traceguard.all;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The drop-in contract on WildFly's MicroProfile configuration ({@code standalone-microprofile.xml}), with the
 * deployment descriptor servers.md gives for it: its two telemetry subsystems excluded from the deployment. Without
 * it, SmallRye OpenTelemetry's client filter (there even with its SDK off, the default) replaces the {@code
 * traceparent} of every client call with one of its own spans, which is exported nowhere. Also a MicroProfile Rest
 * Client the application builds (RESTEasy's).
 */
class WildFlyMicroProfileIT extends DropInContract {
  /** The descriptor servers.md gives (the page shows this very file). */
  private static final String DEPLOYMENT_STRUCTURE = "/wildfly/jboss-deployment-structure.xml";

  @Override
  String serviceName() {
    return "wildfly-microprofile-sample";
  }

  @Override
  boolean hasRestClient() {
    return true;
  }

  @Override
  Map<String, String> extraWarFiles() {
    try (InputStream in = WildFlyMicroProfileIT.class.getResourceAsStream(DEPLOYMENT_STRUCTURE)) {
      if (in == null) {
        throw new IllegalStateException(DEPLOYMENT_STRUCTURE + " is not among the test resources");
      }
      return Map.of("WEB-INF/jboss-deployment-structure.xml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return WildFly.start(Path.of(TestEnvironment.property("wildfly.home")), war, port, work, "standalone-microprofile.xml");
  }

  @Test
  void microProfileRestClient_noRegistration_clientSpanWhoseCalleeContinuesIt() throws Exception {
    checkRestClientChain();
  }
}
