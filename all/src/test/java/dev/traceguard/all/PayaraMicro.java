package dev.traceguard.all;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Payara Micro run as a child process with one WAR, bound to 127.0.0.1: the HTTP listener through a preboot command,
 * Hazelcast switched off (it would otherwise listen on every interface), no clustering, no phone-home. Its output goes
 * to a log file under the test's work directory, and its root directory is there too, never in a temporary folder.
 * One test drives one instance; not thread-safe. Public for the WAR recipe's test (module recipes/war).
 */
public final class PayaraMicro implements AutoCloseable {
  /** Payara Micro boots in 30 to 60 s on two idle cores; a shared, busy machine needs more. */
  private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
  /** Long enough for the application's shutdown to export what is queued (traceguard.shutdown.timeout). */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> PREBOOT_COMMANDS = List.of(
      "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address"
          + "=127.0.0.1",
      "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false");

  /** What Payara logs, at SEVERE, when an application does not deploy. */
  private static final String DEPLOYMENT_FAILED = "Exception while loading the app";

  private final Process process;
  private final Path log;

  private PayaraMicro(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts Payara Micro deploying {@code war} on {@code port}; does not wait for it. */
  public static PayaraMicro start(Path payaraJar, Path war, int port, Path workDir) throws IOException {
    Path rootDir = Files.createDirectories(workDir.resolve("payara-root"));
    Path preboot = Files.write(workDir.resolve("preboot.asadmin"), PREBOOT_COMMANDS, StandardCharsets.UTF_8);
    Path log = workDir.resolve("payara.log");
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = List.of(
        java,
        // C1 only and serial GC start fastest on two cores; the heap is what Payara Micro needs with one small WAR.
        "-Xms128m", "-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-jar", payaraJar.toString(),
        "--deploy", war.toString(),
        "--port", Integer.toString(port),
        "--nocluster",
        "--disablephonehome",
        "--prebootcommandfile", preboot.toString(),
        "--rootdir", rootDir.toString());
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // Environment variables outrank the WAR's microprofile-config.properties; inherited ones would change what the
    // test proves comes from the WAR.
    builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_") || name.startsWith("TRACEGUARD_"));
    Process process = builder.start();
    // Should the test JVM end without close() (killed by a build timeout, say), the server must not outlive it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }, "payara-micro-reaper"));
    return new PayaraMicro(process, log);
  }

  /**
   * Waits until a GET of {@code url} answers 200, at most four minutes, failing at once should the server exit. The failure
   * message ends with the tail of the server's log.
   */
  public PayaraMicro awaitReady(URI url) {
    return awaitReady(url, 200);
  }

  /** As {@link #awaitReady(URI)}, for a URL whose GET answers {@code status} once deployed (405 on a POST route). */
  public PayaraMicro awaitReady(URI url, int status) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
    long began = System.nanoTime();
    try {
      await("Payara Micro to answer " + url)
          .atMost(BOOT_TIMEOUT)
          .pollDelay(Duration.ofSeconds(5))
          .pollInterval(Duration.ofSeconds(1))
          .failFast("Payara Micro exited", () -> !process.isAlive())
          // A failed deployment leaves the server running with nothing at the context root: stop waiting at once.
          .failFast("the deployment failed", () -> logContains(DEPLOYMENT_FAILED))
          .until(() -> answers(http, request, status));
    } catch (RuntimeException | Error e) {
      throw new AssertionError(e.getMessage() + "\n--- last lines of " + log + " ---\n" + logTail(80), e);
    }
    System.out.printf("Payara Micro (pid %d) ready after %d ms (log: %s)%n",
        process.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), log);
    return this;
  }

  /** What the server wrote so far: its log and the applications' standard output. */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private boolean logContains(String text) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false; // not written yet
    }
  }

  private static boolean answers(HttpClient http, HttpRequest request, int status) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * Stops the server and everything it started, by PID: gracefully first (so the application's shutdown exports its
   * queued spans), forcibly after a minute.
   */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      throw new IllegalStateException("Payara Micro (pid " + process.pid() + ") did not stop; log: " + log);
    }
  }
}
