package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.core.OtlpJsonLines;
import dev.traceguard.core.ZipkinServer;
import dev.traceguard.core.ZipkinServer.ZipkinSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drop-in jar in a real Jakarta EE server: a sample WAR holding only its own classes, {@code beans.xml}, {@code
 * microprofile-config.properties} and {@code traceguard-all} in {@code WEB-INF/lib}, deployed on Payara Micro
 * (version from the build), exporting to an OTLP JSON file and to a real Zipkin server, all on 127.0.0.1. Every
 * Traceguard setting comes from the WAR's MicroProfile Config file; the server JVM gets no Traceguard property.
 */
class PayaraMicroIT {
  private static final String SERVICE_NAME = "payara-sample";
  private static final String CONTEXT_ROOT = "/sample";
  private static final String EMAIL = "jane.doe@example.com";
  /** How Traceguard's e-mail detector masks {@link #EMAIL}. */
  private static final String MASKED_EMAIL = "j***@example.com";
  /** Spans leave every 200 ms (the WAR's otel.bsp.schedule.delay); the rest is room for a busy machine. */
  private static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  private static ZipkinServer zipkin;
  private static PayaraMicro payara;
  private static Path spansFile;
  private static int port;

  @BeforeAll
  static void deploy() throws Exception {
    Path testClasses = Path.of(property("sample.classes"));
    Path work = testClasses.getParent().resolve("payara-it");
    deleteTree(work);
    Files.createDirectories(work);
    spansFile = work.resolve("spans.jsonl");

    zipkin = ZipkinServer.onFreePort().start();

    Map<String, String> config = new LinkedHashMap<>();
    config.put("otel.service.name", SERVICE_NAME);
    config.put("otel.traces.exporter", "file,zipkin");
    config.put("otel.traces.sampler", "parentbased_always_on");
    config.put("otel.exporter.zipkin.endpoint", zipkin.endpoint());
    config.put("traceguard.exporter.file.path", spansFile.toString());
    config.put("otel.bsp.schedule.delay", "200ms");
    Path war = SampleWar.build(work.resolve("sample.war"), testClasses,
        Path.of(property("sample.war.dir")), Path.of(property("traceguard.all.jar")), config);

    port = freePort();
    // Assigned before waiting, so that @AfterAll stops a server that never became ready.
    payara = PayaraMicro.start(Path.of(property("payara.micro.jar")), war, port, work);
    payara.awaitReady(url("/api/probe/otel"));
  }

  @AfterAll
  static void stop() {
    try {
      if (payara != null) {
        payara.close();
      }
    } finally {
      if (zipkin != null) {
        zipkin.close();
      }
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + name + " is not set: run with 'mvn verify' in module all");
    }
    return value;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(path);
      }
    }
  }

  private static URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + CONTEXT_ROOT + pathAndQuery);
  }

  private static String randomHex(int bytes) {
    byte[] id = new byte[bytes];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  private static HttpResponse<String> get(String pathAndQuery, String traceparent) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(url(pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("traceparent", traceparent)
        .GET()
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The file's lines that hold spans of {@code traceId}. */
  private static List<String> fileLines(String traceId) {
    if (!Files.exists(spansFile)) {
      return List.of();
    }
    try {
      return Files.readAllLines(spansFile, StandardCharsets.UTF_8).stream()
          .filter(line -> line.contains(traceId))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The spans of {@code traceId} in {@code lines}; a line is one batch and may hold other traces' spans too. */
  private static List<Map<String, String>> fileSpans(List<String> lines, String traceId) {
    List<Map<String, String>> spans = new ArrayList<>();
    try {
      for (String line : lines) {
        OtlpJsonLines.spans(line).stream().filter(span -> traceId.equals(span.get("traceId"))).forEach(spans::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return spans;
  }

  private static Map<String, String> named(List<Map<String, String>> spans, String name) {
    return spans.stream().filter(span -> name.equals(span.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans));
  }

  @Test
  void unknownOrder_withTraceparent_continuesTraceInFileAndZipkin_masked_fromMicroProfileConfig() throws Exception {
    String traceId = randomHex(16);
    String callerSpanId = randomHex(8);

    HttpResponse<String> response = get("/api/orders/4242?email=" + EMAIL, "00-" + traceId + "-" + callerSpanId + "-01");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body())
        .contains("\"trace_id\":\"" + traceId + "\"")
        .contains("\"error_code\":4001")
        .contains("\"error_domain\":\"ORDER\"")
        .doesNotContain(EMAIL);

    // The file: one SERVER span continuing the caller's trace, the @Traced INTERNAL span below it.
    List<String> lines = await("spans of trace " + traceId + " in " + spansFile).atMost(ARRIVAL)
        .until(() -> fileLines(traceId), found -> fileSpans(found, traceId).size() >= 2);
    List<Map<String, String>> spans = fileSpans(lines, traceId);
    // Exactly Traceguard's two: Payara's own per-request span (see the next test) is not exported here.
    assertThat(spans).hasSize(2);
    Map<String, String> server = named(spans, "GET /sample/api/orders/{id}");
    Map<String, String> internal = named(spans, "OrderService.describe");
    assertThat(server).containsEntry("traceId", traceId).containsEntry("parentSpanId", callerSpanId)
        .containsEntry("kind", "2");
    assertThat(internal).containsEntry("traceId", traceId).containsEntry("parentSpanId", server.get("spanId"))
        .containsEntry("kind", "1");
    assertThat(String.join("\n", lines))
        .contains("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"" + SERVICE_NAME + "\"}}")
        .contains(MASKED_EMAIL)
        .doesNotContain(EMAIL);

    // Zipkin: the same two spans, under the service name from the WAR's configuration, masked.
    List<ZipkinSpan> zipkinSpans = await("trace " + traceId + " in Zipkin").atMost(ARRIVAL)
        .until(() -> zipkin.trace(traceId), found -> found.size() >= 2);
    assertThat(zipkinSpans).hasSize(2).allSatisfy(span -> {
      assertThat(span.serviceName()).isEqualTo(SERVICE_NAME);
      assertThat(span.tags().values()).noneMatch(value -> value.contains(EMAIL));
    });
    ZipkinSpan zipkinServer = zipkinSpans.stream().filter(span -> span.id().equals(server.get("spanId")))
        .findFirst().orElseThrow();
    assertThat(zipkinServer.parentId()).isEqualTo(callerSpanId);
    assertThat(zipkinServer.tags()).containsEntry("error.code", "4001").containsEntry("error.domain", "ORDER")
        // Told by Payara's Servlet request: JAX-RS alone does not know the HTTP version.
        .containsEntry("network.protocol.version", "1.1");
    ZipkinSpan zipkinInternal = zipkinSpans.stream().filter(span -> span.id().equals(internal.get("spanId")))
        .findFirst().orElseThrow();
    assertThat(zipkinInternal.name()).isEqualTo("orderservice.describe");
    assertThat(zipkinInternal.tags()).containsEntry("customer.email", MASKED_EMAIL);
  }

  @Test
  void applicationCallingOpenTelemetryApi_seesTheServersOpenTelemetryNotTraceguardsSpan() throws Exception {
    String traceId = randomHex(16);

    HttpResponse<String> response = get("/api/probe/otel", "00-" + traceId + "-" + randomHex(8) + "-01");

    assertThat(response.statusCode()).isEqualTo(200);
    System.out.println("io.opentelemetry.api as the application sees it: " + response.body());
    // Traceguard traced the request: its traceresponse names its SERVER span ...
    String traceresponse = response.headers().firstValue("traceresponse").orElseThrow();
    assertThat(traceresponse).startsWith("00-" + traceId + "-");
    String traceguardSpanId = traceresponse.split("-")[2];
    // ... but the application's io.opentelemetry.api classes are Payara's own, whose current span is Payara's: a real
    // span, in a trace of its own (Payara does not continue the incoming traceparent while its SDK is disabled).
    assertThat(response.body())
        .contains("source=file:")
        .contains("opentelemetry-repackaged.jar")
        .contains("valid=true")
        .doesNotContain("traceId=" + traceId)
        .doesNotContain("spanId=" + traceguardSpanId);
  }
}
