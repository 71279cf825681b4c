package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The drop-in contract on GlassFish in its default set-up (Jersey, Weld, no MicroProfile Telemetry), and redeploying:
 * what an undeployed application leaves behind, GlassFish's own leak report included.
 */
class GlassFishIT extends DropInContract {
  /** What GlassFish registers on its events for each deployment and never removes. */
  private static final String DEPLOYMENT_LISTENER =
      "org.glassfish.internal.data.ApplicationInfo$DeploymentFailedListener";

  /** Where one record of GlassFish's log ends: a record's message may take several lines. */
  private static final Pattern RECORD_END = Pattern.compile("\\|#\\]");

  @Override
  String serviceName() {
    return "glassfish-sample";
  }

  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return GlassFish.start(Path.of(TestEnvironment.property("glassfish.home")), war, port, work);
  }

  @Test
  void redeployedTenTimes_noTraceguardAccumulatesNoThreadLocalLeftAndTheHeapStaysFlat() throws Exception {
    // GlassFish 7.0.21 keeps each deployment's ApplicationInfo, and with it the whole application, through a
    // DeploymentFailedListener it registers on the server's events and does not remove (found with a heap dump):
    // one such listener per old copy is the server's reference, not Traceguard's.
    checkRedeploys(this::redeploy, () -> LeakProbe.instances(server(), DEPLOYMENT_LISTENER) - 1);

    // GlassFish reports, at each undeploy, a thread-local whose key or value class the application loaded and that a
    // live thread still holds.
    assertThat(RECORD_END.splitAsStream(server().log())
        .filter(record -> record.contains("ThreadLocal") && record.contains("dev.traceguard")))
        .as("GlassFish's reports of thread-locals left by Traceguard").isEmpty();
  }

  /**
   * GlassFish keeps each old deployment whole (classes, CDI container, the application's managed executor): about
   * 2.5 to 3.7 MB each in these runs; 6 MB each is allowed on top of the flat limit.
   */
  @Override
  long heapGrowthLimitKb(long stale) {
    return Redeploys.HEAP_GROWTH_LIMIT_KB + stale * 6 * 1024;
  }

  /** Replaces the WAR in the autodeploy folder and waits until GlassFish says it deployed it again. */
  private void redeploy() throws IOException {
    String deployed = "Successfully autodeployed";
    long previous = server().logLines(deployed);
    Path target = work().resolve("glassfish-domains/domain1/autodeploy/sample.war");
    Files.copy(work().resolve("sample.war"), target, StandardCopyOption.REPLACE_EXISTING);
    // The autodeployer compares modification times; a copy within the same second would look unchanged.
    Files.setLastModifiedTime(target, FileTime.from(Instant.now().plusSeconds(1)));
    await("redeployment of sample.war").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> server().logLines(deployed) > previous);
  }
}
