package dev.traceguard.examples;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The demo as users run it: {@code java -jar traceguard-demo.jar} in its own JVM, on three free loopback ports, its
 * output in files under {@code target/demo-it}. Stopped with SIGTERM, as a container or Ctrl+C stops it.
 *
 * <p>Public, in this module's test jar, for the reliability tests, which run the same jar. The jar is {@code
 * target/traceguard-demo.jar}, or the system property {@code traceguard.demo.jar}. Not thread-safe.
 */
public final class DemoProcess implements AutoCloseable {
  /** The longest a start may take on a loaded machine. */
  public static final Duration START = Duration.ofSeconds(90);
  /** The longest the JVM may take to exit after SIGTERM. */
  public static final Duration STOP = Duration.ofSeconds(60);

  /** The gateway's port; the user service has the next one, the payment service the one after. */
  public final int port;
  final Path stdout;
  final Path stderr;
  private final Process process;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private DemoProcess(int port, Path stdout, Path stderr, Process process) {
    this.port = port;
    this.stdout = stdout;
    this.stderr = stderr;
    this.process = process;
  }

  /** Starts the jar with the given system properties (plus {@code demo.port}), without waiting for it. */
  public static DemoProcess launch(String name, Map<String, String> properties) throws IOException {
    return launch(name, freePortTriple(), properties);
  }

  static DemoProcess launch(String name, int port, Map<String, String> properties) throws IOException {
    Path jar = jar();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: the examples module packages it before its tests run");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-Ddemo.port=" + port);
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toString());
    return launch(name, port, new ProcessBuilder(command));
  }

  /** Starts {@code builder}'s command, whose demo listens on {@code port}, its output in files named after it. */
  private static DemoProcess launch(String name, int port, ProcessBuilder builder) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "demo-it"));
    Path stdout = dir.resolve(name + ".out");
    Path stderr = dir.resolve(name + ".err");
    Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    return new DemoProcess(port, stdout, stderr, process);
  }

  /** Starts the jar and waits until all three services answer {@code /health}, at most {@link #START}. */
  public static DemoProcess start(String name, Map<String, String> properties) throws IOException {
    return awaitReady(launch(name, properties));
  }

  /**
   * Runs a command line as a user types it, with {@code sh} in {@code directory}, and waits as {@link #start} does.
   * The line must start the demo on {@code port} and replace the shell ({@code exec}), so that {@link #terminate}
   * signals the JVM itself.
   */
  static DemoProcess startShell(String name, int port, String line, Path directory) throws IOException {
    return awaitReady(launch(name, port, new ProcessBuilder("sh", "-c", line).directory(directory.toFile())));
  }

  private static DemoProcess awaitReady(DemoProcess demo) throws IOException {
    try {
      await().atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
        if (!demo.process.isAlive()) {
          throw new AssertionError("The demo exited with " + demo.process.exitValue() + ": " + demo.stderr());
        }
        for (int offset = 0; offset < 3; offset++) {
          if (demo.get(demo.port + offset, "/health", Map.of()).statusCode() != 200) {
            return false;
          }
        }
        return true;
      });
      return demo;
    } catch (RuntimeException | Error e) {
      demo.close();
      throw e;
    }
  }

  static Path jar() {
    String jar = System.getProperty("traceguard.demo.jar", "target/traceguard-demo.jar");
    return Path.of(jar);
  }

  HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
    return get(port, path, headers);
  }

  /** GETs {@code path} from the service on {@code servicePort}, with the given headers. */
  public HttpResponse<String> get(int servicePort, String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(servicePort, path)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String path, String json, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json");
    headers.forEach(request::header);
    return http.send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int servicePort, String path) {
    return URI.create("http://127.0.0.1:" + servicePort + path);
  }

  /** The exit status of a JVM that ran its shutdown hooks after SIGTERM: 128 + 15, as for any process. */
  public static final int SIGTERM_STATUS = 143;

  /** Sends SIGTERM and waits for the JVM to exit, at most {@link #STOP}; returns its exit status. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("The demo did not exit within " + STOP + " of SIGTERM");
    }
    return process.exitValue();
  }

  /** The exit status of a JVM killed by SIGKILL: 128 + 9. Nothing of it runs: no shutdown hook, no flush. */
  public static final int SIGKILL_STATUS = 137;

  /** Sends SIGKILL and waits for the JVM to be gone, at most {@link #STOP}; returns its exit status. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("The demo did not exit within " + STOP + " of SIGKILL");
    }
    return process.exitValue();
  }

  /** Waits for a demo that stops by itself (a configuration error), at most {@link #START}; returns its status. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(START.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("The demo is still running");
    }
    return process.exitValue();
  }

  /** What the demo wrote to standard output so far. */
  public String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  /** What the demo wrote to standard error so far. */
  public String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Kills the JVM if it still runs (a test that failed before stopping it). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A port such that it and the next two are free on the loopback interface right now. */
  static int freePortTriple() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
      try (ServerSocket a = new ServerSocket(port, 1, loopback);
          ServerSocket b = new ServerSocket(port + 1, 1, loopback);
          ServerSocket c = new ServerSocket(port + 2, 1, loopback)) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("No three consecutive free ports found on 127.0.0.1");
  }
}
