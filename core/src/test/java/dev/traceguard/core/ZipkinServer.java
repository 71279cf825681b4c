package dev.traceguard.core;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real Zipkin server for tests: the {@code zipkin-server} executable jar run as a child process, listening on
 * 127.0.0.1 only, with in-memory storage and nothing that opens another port or reaches the network (no self-tracing,
 * no Kafka, RabbitMQ, ActiveMQ, Pulsar or Scribe collector, no Eureka, no UI).
 *
 * <p>The jar's path comes from the system property {@value #JAR_PROPERTY}, which the Failsafe configuration of core
 * and of the drop-in module ({@code all}, through core's test jar) sets after copying the jar in {@code
 * pre-integration-test}. Each start writes the server's output to its own log file beside the jar. The server can be
 * stopped and started again on the same port; in-memory storage starts empty each time. Not thread-safe beyond its synchronized start and stop: one test drives it.
 */
public final class ZipkinServer implements AutoCloseable {
  /** The system property naming the Zipkin server's executable jar. */
  public static final String JAR_PROPERTY = "zipkin.server.jar";

  /** Zipkin needs 5 to 15 seconds on a small machine; a minute leaves room for a machine busy with other builds. */
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final JsonFactory JSON = new JsonFactory();

  private final Path jar;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1)
      .build();
  private @Nullable Process process;
  private int starts;

  private ZipkinServer(Path jar, int port) {
    this.jar = jar;
    this.port = port;
  }

  /** Returns a server for a free port on 127.0.0.1, not yet started. */
  public static ZipkinServer onFreePort() throws IOException {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || jar.isBlank()) {
      throw new IllegalStateException("System property " + JAR_PROPERTY + " is not set: run this test with"
          + " 'mvn verify' in its module, which copies the Zipkin server jar and sets it");
    }
    Path path = Path.of(jar).toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(JAR_PROPERTY + "='" + jar + "': no such file");
    }
    return new ZipkinServer(path, freePort());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Starts the server and waits until {@code /health} answers 200, at most a minute;
   * does nothing when it already runs. Stops the process again when it does not become ready.
   *
   * @return this server
   */
  public synchronized ZipkinServer start() throws IOException {
    if (process != null && process.isAlive()) {
      return this;
    }
    starts++;
    Path logFile = jar.resolveSibling("zipkin-" + port + "-start" + starts + ".log");
    ProcessBuilder builder = new ProcessBuilder(command())
        .directory(jar.getParent().toFile())
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile());
    long began = System.nanoTime();
    Process started = builder.start();
    process = started;
    try {
      await("Zipkin on 127.0.0.1:" + port + " to answer /health (log: " + logFile + ")")
          .atMost(STARTUP_TIMEOUT)
          .pollDelay(Duration.ofMillis(500))
          .pollInterval(Duration.ofMillis(250))
          .failFast("Zipkin exited during start-up (log: " + logFile + ")", () -> !started.isAlive())
          .until(this::healthy);
    } catch (RuntimeException | Error e) {
      stop();
      throw e;
    }
    System.out.printf("Zipkin %s ready on 127.0.0.1:%d after %d ms (log: %s)%n",
        jar.getFileName(), port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), logFile);
    return this;
  }

  private List<String> command() {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return List.of(
        java,
        // A test needs neither a big heap nor peak throughput; C1 only and serial GC start fastest on two cores.
        "-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-jar", jar.toString(),
        // Command-line arguments beat every other Spring property source, including inherited variables such as
        // KAFKA_BOOTSTRAP_SERVERS that would otherwise switch a collector on.
        "--armeria.ports[0].port=" + port,
        "--armeria.ports[0].ip=127.0.0.1",
        "--armeria.ports[0].protocols[0]=http",
        "--zipkin.storage.type=mem",
        "--zipkin.self-tracing.enabled=false",
        "--zipkin.collector.scribe.enabled=false",
        "--zipkin.collector.kafka.enabled=false",
        "--zipkin.collector.rabbitmq.enabled=false",
        "--zipkin.collector.activemq.enabled=false",
        "--zipkin.collector.pulsar.enabled=false",
        "--zipkin.discovery.eureka.enabled=false",
        "--zipkin.ui.enabled=false");
  }

  private boolean healthy() {
    try {
      return get("/health").statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  /**
   * Stops the server and its descendants and waits for them to exit: gracefully, then forcibly after 15 seconds.
   * Does nothing when it does not run.
   */
  public synchronized void stop() {
    Process running = process;
    if (running == null) {
      return;
    }
    process = null;
    List<ProcessHandle> descendants = running.descendants().toList();
    running.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        running.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      for (ProcessHandle descendant : descendants) {
        if (descendant.isAlive()) {
          descendant.destroyForcibly();
          descendant.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("Zipkin on port " + port + " did not stop", e);
    }
    if (running.isAlive()) {
      throw new IllegalStateException("Zipkin (pid " + running.pid() + ") on port " + port + " did not stop");
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    stop();
  }

  /** Returns Zipkin's v2 span collector endpoint, the value for {@code setZipkinEndpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port + "/api/v2/spans";
  }

  /** Returns the raw JSON of {@code GET /api/v2/traces} for {@code serviceName}: an array of traces of spans. */
  String traces(String serviceName) throws IOException {
    HttpResponse<String> response = get("/api/v2/traces?serviceName="
        + URLEncoder.encode(serviceName, StandardCharsets.UTF_8) + "&limit=100");
    if (response.statusCode() != 200) {
      throw new IOException("GET /api/v2/traces answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** Returns every span of every trace Zipkin holds for {@code serviceName}. */
  public List<ZipkinSpan> spans(String serviceName) throws IOException {
    return parseTraces(traces(serviceName));
  }

  /**
   * Returns the spans of one trace as {@code GET /api/v2/trace/{traceId}} shows them, or an empty list while Zipkin
   * does not know the trace (it answers 404 until the first span arrives).
   */
  public List<ZipkinSpan> trace(String traceId) throws IOException {
    HttpResponse<String> response = get("/api/v2/trace/" + URLEncoder.encode(traceId, StandardCharsets.UTF_8));
    if (response.statusCode() == 404) {
      return List.of();
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET /api/v2/trace/" + traceId + " answered " + response.statusCode() + ": "
          + response.body());
    }
    // One trace is a plain array of spans; the parser reads the traces form, an array of such arrays.
    return parseTraces("[" + response.body() + "]");
  }

  /** Returns how many spans named {@code name} the traces JSON holds; Zipkin stores names in lower case. */
  static long countSpansNamed(String tracesJson, String name) {
    return parseTraces(tracesJson).stream().filter(span -> span.name().equals(name)).count();
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(REQUEST_TIMEOUT)
        .GET()
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** One span as Zipkin's v2 API shows it; {@code parentId} is null for a root span. */
  public record ZipkinSpan(
      String traceId, String id, @Nullable String parentId, String name, String serviceName,
      Map<String, String> tags) {}

  /** Parses {@code [[span, ...], ...]}, skipping every field a test does not look at. */
  static List<ZipkinSpan> parseTraces(String tracesJson) {
    List<ZipkinSpan> spans = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(tracesJson)) {
      expect(parser.nextToken(), JsonToken.START_ARRAY);
      while (parser.nextToken() == JsonToken.START_ARRAY) {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          spans.add(parseSpan(parser));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not a Zipkin traces array: " + tracesJson, e);
    }
    return spans;
  }

  private static ZipkinSpan parseSpan(JsonParser parser) throws IOException {
    String traceId = "";
    String id = "";
    @Nullable String parentId = null;
    String name = "";
    String serviceName = "";
    Map<String, String> tags = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "traceId" -> traceId = parser.getText();
        case "id" -> id = parser.getText();
        case "parentId" -> parentId = parser.getText();
        case "name" -> name = parser.getText();
        case "localEndpoint" -> {
          expect(value, JsonToken.START_OBJECT);
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String endpointField = parser.currentName();
            parser.nextToken();
            if (endpointField.equals("serviceName")) {
              serviceName = parser.getText();
            } else {
              parser.skipChildren();
            }
          }
        }
        case "tags" -> {
          expect(value, JsonToken.START_OBJECT);
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            tags.put(key, parser.getText());
          }
        }
        default -> parser.skipChildren();
      }
    }
    return new ZipkinSpan(traceId, id, parentId, name, serviceName, Map.copyOf(tags));
  }

  private static void expect(@Nullable JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + " but found " + actual);
    }
  }

  @Override
  public String toString() {
    return "ZipkinServer{127.0.0.1:" + port + ", jar=" + jar + '}';
  }
}
