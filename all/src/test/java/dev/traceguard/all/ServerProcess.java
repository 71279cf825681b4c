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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Jakarta EE server run as a child process by a drop-in test, its output in one log file: waits until a deployed
 * URL answers (failing at once when the server exits or logs that the deployment failed), and stops the server and
 * everything it started in {@link #close()}, gracefully first, so that the application's shutdown exports its queued
 * spans. Should the test JVM end without {@code close()}, a shutdown hook kills the server. One test class drives one
 * instance; not thread-safe. Public for the WAR recipe's test (module recipes/war).
 */
public final class ServerProcess implements AutoCloseable {
  /** A server boots in 10 to 60 s on two idle cores; a shared, busy machine needs more. */
  private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
  /** Long enough for the application's shutdown to export what is queued (traceguard.shutdown.timeout). */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path log;
  private final List<String> deploymentFailures;

  private ServerProcess(String name, Process process, Path log, List<String> deploymentFailures) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.deploymentFailures = deploymentFailures;
  }

  /**
   * Starts {@code builder}'s command, its standard output and error into {@code log}, without the environment's
   * {@code OTEL_*} and {@code TRACEGUARD_*} variables (they outrank the WAR's own configuration, which the tests
   * prove is what counts).
   *
   * @param deploymentFailures texts the server logs when the application does not deploy
   */
  static ServerProcess start(String name, ProcessBuilder builder, Path log, List<String> deploymentFailures)
      throws IOException {
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("OTEL_") || key.startsWith("TRACEGUARD_"));
    Process process = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }, name + "-reaper"));
    return new ServerProcess(name, process, log, deploymentFailures);
  }

  /** The JVM a server is started with: the one running the tests. */
  static String java() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Waits until a GET of {@code url} answers 200; see {@link #awaitReady(URI, int)}. */
  public ServerProcess awaitReady(URI url) {
    return awaitReady(url, 200);
  }

  /**
   * Waits until a GET of {@code url} answers {@code status} (405 for a POST route), at most four minutes, failing at
   * once when the server exits or logs a deployment failure; the failure's message ends with the log's tail.
   */
  public ServerProcess awaitReady(URI url, int status) {
    HttpClient http = TestEnvironment.HTTP;
    HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
    long began = System.nanoTime();
    try {
      await(name + " to answer " + url)
          .atMost(BOOT_TIMEOUT)
          .pollDelay(Duration.ofSeconds(2))
          .pollInterval(Duration.ofSeconds(1))
          .failFast(name + " exited", () -> !process.isAlive())
          .failFast("the deployment failed", () -> deploymentFailures.stream().anyMatch(this::logContains))
          .failFast("a port is taken", this::portTaken)
          .until(() -> answers(http, request, status));
    } catch (RuntimeException | Error e) {
      throw new AssertionError(e.getMessage() + "\n--- last lines of " + log + " ---\n" + logTail(80), e);
    }
    System.out.printf("%s (pid %d) ready after %d ms (log: %s)%n",
        name, process.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), log);
    return this;
  }

  /**
   * Runs {@code jcmd} of the test's JDK on the server's JVM (the process itself, or the innermost Java process a start
   * script launched) and returns what it printed: heap, class histogram and thread dumps for the leak checks.
   */
  public String jcmd(String... command) throws IOException, InterruptedException {
    // The innermost Java process: GlassFish's asadmin is a JVM of its own that starts the server's.
    long pid = Stream.concat(Stream.of(process.toHandle()), process.descendants())
        .filter(ServerProcess::isJava)
        .filter(handle -> handle.descendants().noneMatch(ServerProcess::isJava))
        .findFirst().orElseThrow(() -> new IllegalStateException(name + " runs no Java process")).pid();
    List<String> line = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IOException(String.join(" ", line) + " failed: " + out);
    }
    return out;
  }

  /** Whether the server logged that a port it was to listen on is taken (by another process since it was chosen). */
  public boolean portTaken() {
    return logContains("Address already in use");
  }

  private static boolean isJava(ProcessHandle handle) {
    return handle.info().command().filter(path -> path.endsWith("/java")).isPresent();
  }

  /** What the server wrote so far: its log and the applications' standard output. */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** How many lines of the log so far hold {@code text}. */
  public long logLines(String text) throws IOException {
    return log().lines().filter(line -> line.contains(text)).count();
  }

  private boolean logContains(String text) {
    try {
      return log().contains(text);
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
   * Stops the server and everything it started, by PID: SIGTERM first (so the application's shutdown exports its
   * queued spans), SIGKILL after a minute.
   */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      for (ProcessHandle child : descendants) {
        child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // a child that outlives its parent is killed below
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") did not stop; log: " + log);
    }
  }
}
