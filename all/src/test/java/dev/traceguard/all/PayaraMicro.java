package dev.traceguard.all;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Payara Micro with one WAR, bound to 127.0.0.1: the HTTP listener through a preboot command, Hazelcast switched off
 * (it would otherwise listen on every interface), no clustering, no phone-home. Its root directory and log are under
 * the test's work directory, never in a temporary folder. Public for the WAR recipe's test (module recipes/war).
 */
public final class PayaraMicro {
  private static final List<String> PREBOOT_COMMANDS = List.of(
      "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address"
          + "=127.0.0.1",
      "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false");

  /** What Payara, as GlassFish, registers on its events for each deployment and never removes. */
  private static final String DEPLOYMENT_LISTENER =
      "org.glassfish.internal.data.ApplicationInfo$DeploymentFailedListener";

  /** What Payara logs, at SEVERE, when an application does not deploy. */
  private static final String DEPLOYMENT_FAILED = "Exception while loading the app";

  private PayaraMicro() {}

  /** Starts Payara Micro deploying {@code war} on {@code port}; does not wait for it. */
  public static ServerProcess start(Path payaraJar, Path war, int port, Path workDir) throws IOException {
    return start(payaraJar, war, port, workDir, false);
  }

  /**
   * As {@link #start(Path, Path, int, Path)}; with {@code hotDeploy}, {@code app} is an exploded application directory
   * that Payara reloads whenever its {@code .reload} file's modification time changes.
   */
  public static ServerProcess start(Path payaraJar, Path app, int port, Path workDir, boolean hotDeploy)
      throws IOException {
    Path rootDir = Files.createDirectories(workDir.resolve("payara-root"));
    Path preboot = Files.write(workDir.resolve("preboot.asadmin"), PREBOOT_COMMANDS, StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(List.of(
        ServerProcess.java(),
        // C1 only and serial GC start fastest on two cores; the heap is what Payara Micro needs with one small WAR.
        "-Xms128m", "-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-jar", payaraJar.toString(),
        "--deploy", app.toString(),
        "--port", Integer.toString(port),
        "--nocluster",
        "--disablephonehome",
        "--prebootcommandfile", preboot.toString(),
        "--rootdir", rootDir.toString()));
    if (hotDeploy) {
      command.add("--hotdeploy");
    }
    return ServerProcess.start("Payara Micro", new ProcessBuilder(command).directory(workDir.toFile()),
        workDir.resolve("payara.log"), List.of(DEPLOYMENT_FAILED));
  }

  /**
   * Starts Payara Micro deploying {@code war} exploded into {@code workDir/sample} (the directory's name is the
   * context root), with hot deploy on, so that {@link #reload} can have Payara deploy it again; does not wait.
   */
  static ServerProcess startExploded(Path payaraJar, Path war, int port, Path workDir) throws IOException {
    Path exploded = workDir.resolve("sample");
    TestEnvironment.deleteTree(exploded);
    unzip(war, exploded);
    return start(payaraJar, exploded, port, workDir, true);
  }

  /**
   * Has Payara reload the application {@link #startExploded} deployed and waits until it says it deployed it again.
   */
  static void reload(ServerProcess server, Path workDir) throws IOException {
    String deployed = "sample was successfully deployed";
    long previous = server.logLines(deployed);
    Path marker = workDir.resolve("sample/.reload");
    if (!Files.exists(marker)) {
      Files.createFile(marker);
    }
    // Payara compares the marker's modification time with the last one it saw.
    Files.setLastModifiedTime(marker, FileTime.from(Instant.now().plusSeconds(1)));
    await("reload of the sample").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
        .until(() -> server.logLines(deployed) > previous);
  }

  /**
   * How many undeployed copies of the application Payara itself still reaches: one per deployment listener it
   * registered and never removed, beyond the deployed one's.
   */
  static long staleCopies(ServerProcess server) throws Exception {
    return LeakProbe.instances(server, DEPLOYMENT_LISTENER) - 1;
  }

  private static void unzip(Path war, Path directory) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(war))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Path target = directory.resolve(entry.getName()).normalize();
        if (!target.startsWith(directory)) {
          throw new IOException("entry outside the directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
  }
}
