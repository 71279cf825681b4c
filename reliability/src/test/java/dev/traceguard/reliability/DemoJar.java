package dev.traceguard.reliability;

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
 * The demo jar the examples module builds, run as users run it ({@code java -jar}) on three free loopback ports,
 * its output in files under {@code target/demo}. Stopped with SIGTERM, as a container stops it. One test drives it.
 */
final class DemoJar implements AutoCloseable {
  static final Duration START = Duration.ofSeconds(90);
  static final Duration STOP = Duration.ofSeconds(60);

  final int port;
  private final Path stderr;
  private final Process process;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private DemoJar(int port, Path stderr, Process process) {
    this.port = port;
    this.stderr = stderr;
    this.process = process;
  }

  /** Starts the jar with the given system properties, without waiting for it to listen. */
  static DemoJar launch(String name, Map<String, String> properties) throws IOException {
    Path jar = Path.of(System.getProperty("traceguard.demo.jar", "../examples/target/traceguard-demo.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: the examples module builds it before this one");
    }
    Path dir = Files.createDirectories(Path.of("target", "demo"));
    int port = freePortTriple();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-Ddemo.port=" + port));
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", jar.toString()));
    Path stderr = dir.resolve(name + ".err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(stderr.toFile())
        .start();
    return new DemoJar(port, stderr, process);
  }

  /** Starts the jar and waits until its three services answer {@code /health}. */
  static DemoJar start(String name, Map<String, String> properties) throws IOException {
    DemoJar demo = launch(name, properties);
    try {
      await().atMost(START).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
        if (!demo.process.isAlive()) {
          throw new AssertionError("the demo exited with " + demo.process.exitValue() + ": " + demo.stderr());
        }
        for (int offset = 0; offset < 3; offset++) {
          if (demo.get(demo.port + offset, "/health").statusCode() != 200) {
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

  HttpResponse<String> get(int servicePort, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servicePort + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends SIGTERM and waits for the JVM to exit, at most {@link #STOP}; returns its exit status. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the demo did not exit within " + STOP + " of SIGTERM");
    }
    return process.exitValue();
  }

  /** Waits for a demo that stops by itself, at most {@link #START}; returns its exit status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(START.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the demo is still running");
    }
    return process.exitValue();
  }

  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

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

  private static int freePortTriple() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 60_000);
      try (ServerSocket a = new ServerSocket(port, 1, loopback);
          ServerSocket b = new ServerSocket(port + 1, 1, loopback);
          ServerSocket c = new ServerSocket(port + 2, 1, loopback)) {
        return port;
      } catch (IOException taken) {
        // another
      }
    }
    throw new IOException("no three consecutive free ports on 127.0.0.1");
  }
}
