package dev.traceguard.all;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Open Liberty in its default set-up (features {@code webProfile-10.0} and {@code mpConfig-3.1}, no MicroProfile
 * Telemetry), run in the foreground with {@code bin/server run} on a server of its own in a user directory under the
 * test's work directory, the WAR in its {@code apps} folder with context root {@code /sample}. Every socket it opens
 * is on 127.0.0.1: HTTP on the given port, no HTTPS, the stop command's port on loopback.
 */
final class OpenLiberty {
  private static final String SERVER = "sample";
  /**
   * What Liberty logs when the application fails to start, is named twice or is not found, or when a feature is
   * missing from the distribution (the server would start without it and the application never answer).
   */
  private static final List<String> DEPLOYMENT_FAILED =
      List.of("CWWKZ0002E", "CWWKZ0004E", "CWWKZ0013E", "CWWKZ0014W", "CWWKF0001E");
  /**
   * C1 only and serial GC start fastest on two cores; IPv4 only, so that "localhost" sockets are 127.0.0.1; soft
   * references cleared at every collection, so that the leak checks count what is strongly held only.
   */
  private static final List<String> JVM_OPTIONS = List.of("-Xms128m", "-Xmx768m", "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true", "-XX:SoftRefLRUPolicyMSPerMB=0");

  /** What Liberty logs when it has restarted an application whose file changed. */
  private static final String UPDATED = "CWWKZ0003I";

  private OpenLiberty() {}

  /** Where {@link #start} put the WAR: replacing it redeploys the application. */
  static Path deployedWar(Path work) {
    return work.resolve("liberty-usr/servers").resolve(SERVER).resolve("apps/sample.war");
  }

  /** Starts Liberty from {@code home} with {@code war} deployed and HTTP on 127.0.0.1:{@code port}. */
  static ServerProcess start(Path home, Path war, int port, Path work) throws IOException {
    return start(home, war, port, work, List.of("webProfile-10.0", "mpConfig-3.1"));
  }

  /** As {@link #start(Path, Path, int, Path)}, with the given features, such as {@code mpTelemetry-2.1}. */
  static ServerProcess start(Path home, Path war, int port, Path work, List<String> features) throws IOException {
    Path userDir = work.resolve("liberty-usr");
    Path server = Files.createDirectories(userDir.resolve("servers").resolve(SERVER));
    Files.createDirectories(server.resolve("apps"));
    Files.copy(war, deployedWar(work), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(server.resolve("server.xml"), serverXml(port, features), StandardCharsets.UTF_8);
    Files.write(server.resolve("jvm.options"), JVM_OPTIONS, StandardCharsets.UTF_8);
    // Through sh: the distribution's scripts may have lost their exec bit on unpacking.
    ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/server").toString(), "run", SERVER)
        .directory(work.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("WLP_USER_DIR", userDir.toString());
    builder.environment().put("WLP_OUTPUT_DIR", userDir.resolve("servers").toString());
    // "run" execs the JVM, so SIGTERM reaches Liberty itself, whose shutdown hook stops the server gracefully.
    return ServerProcess.start("Open Liberty", builder, work.resolve("liberty.log"), DEPLOYMENT_FAILED);
  }

  private static String serverXml(int port, List<String> features) {
    StringBuilder featureList = new StringBuilder();
    features.forEach(feature -> featureList.append("    <feature>").append(feature).append("</feature>\n"));
    // INFO on the console, so that the one log the test keeps holds the application's own messages too.
    return """
        <server description="Traceguard drop-in test">
          <featureManager>
        %s  </featureManager>
          <logging consoleLogLevel="INFO"/>
          <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
          <webApplication location="sample.war" contextRoot="/sample"/>
        </server>
        """.formatted(featureList, port);
  }

  /**
   * Replaces the WAR of a server {@link #start started} in {@code work} with a newer copy of {@code war}, which
   * Liberty's application monitor picks up, and waits until Liberty logs the update.
   */
  static void redeploy(ServerProcess server, Path work, Path war) throws IOException {
    Path deployed = deployedWar(work);
    long previous = server.logLines(UPDATED);
    Path copy = Files.copy(war, deployed.resolveSibling(deployed.getFileName() + ".new"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(copy, FileTime.from(Instant.now()));
    Files.move(copy, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    await("the update of " + deployed).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> server.logLines(UPDATED) > previous);
  }
}
