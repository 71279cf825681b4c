package dev.traceguard.all;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
