package dev.traceguard.all;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * WildFly in its default set-up ({@code standalone.xml}: Jakarta EE, no MicroProfile Telemetry), started with {@code
 * bin/standalone.sh} on a copy of the distribution's {@code standalone} directory under the test's work directory,
 * the WAR in its {@code deployments} folder. Every socket it opens is on 127.0.0.1 (the default interfaces) on a port
 * free when it starts.
 */
final class WildFly {
  /** What WildFly logs when a deployment fails, or when it started with a failed deployment. */
  private static final List<String> DEPLOYMENT_FAILED = List.of("WFLYCTL0013", "WFLYSRV0026");

  private WildFly() {}

  /** Starts WildFly from {@code home} with {@code war} deployed and HTTP on 127.0.0.1:{@code port}. */
  static ServerProcess start(Path home, Path war, int port, Path work) throws IOException {
    return start(home, war, port, work, "standalone.xml");
  }

  /**
   * As {@link #start(Path, Path, int, Path)}, with one of the distribution's server configurations, such as {@code
   * standalone-microprofile.xml}.
   */
  static ServerProcess start(Path home, Path war, int port, Path work, String serverConfig) throws IOException {
    Path base = work.resolve("wildfly-standalone");
    TestEnvironment.copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
    Files.createDirectories(base.resolve("deployments"));
    Files.copy(war, base.resolve("deployments").resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    List<String> command = List.of("sh", home.resolve("bin/standalone.sh").toString(),
        "-Djboss.server.base.dir=" + base,
        "-c", serverConfig,
        "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
        "-Djboss.http.port=" + port,
        "-Djboss.https.port=" + TestEnvironment.freePort(),
        "-Djboss.ajp.port=" + TestEnvironment.freePort(),
        "-Djboss.management.http.port=" + TestEnvironment.freePort(),
        "-Djboss.management.https.port=" + TestEnvironment.freePort());
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // The script then runs the JVM in the background and forwards SIGTERM to it: a graceful stop.
    builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
    // Sizing only: standalone.conf adds its own defaults to it. C1 only and serial GC start fastest on two cores;
    // soft references cleared at every collection, so that the leak checks count what is strongly held only.
    builder.environment().put("JBOSS_JAVA_SIZING",
        "-Xms128m -Xmx768m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SoftRefLRUPolicyMSPerMB=0");
    return ServerProcess.start("WildFly", builder, work.resolve("wildfly.log"), DEPLOYMENT_FAILED);
  }

  /**
   * Redeploys {@code war} of a server {@link #start started} in {@code work} through the deployment scanner's marker
   * file, and waits until WildFly logs the replacement.
   */
  static void redeploy(ServerProcess server, Path work, String war) throws IOException {
    Path deployments = work.resolve("wildfly-standalone/deployments");
    String replaced = "WFLYSRV0016: Replaced deployment \"" + war + "\"";
    long previous = server.logLines(replaced);
    Files.writeString(deployments.resolve(war + ".dodeploy"), war);
    await("redeployment of " + war).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .failFast("the redeployment failed", () -> Files.exists(deployments.resolve(war + ".failed")))
        .until(() -> server.logLines(replaced) > previous);
  }
}
