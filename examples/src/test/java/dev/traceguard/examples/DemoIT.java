package dev.traceguard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.traceguard.examples.ExportedSpans.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's endpoint contracts, end to end: the shaded jar in its own JVM, real HTTP between its three services,
 * spans exported by the {@code file} exporter and read back from the file. Each test finds its trace by the id the
 * gateway answers in {@code traceresponse}, so the tests do not depend on one another.
 */
class DemoIT {
  private static final int SERVER = 2;
  private static final int CLIENT = 3;
  private static final int INTERNAL = 1;
  private static final int STATUS_ERROR = 2;
  private static final Pattern TRACERESPONSE = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[0-3]");
  private static final Duration EXPORTED = Duration.ofSeconds(30);

  private static Path spansFile;
  private static DemoProcess demo;
  private static int metricsPort;

  @BeforeAll
  static void startDemo() throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "demo-it"));
    spansFile = dir.resolve("demo-it-spans.jsonl");
    Files.deleteIfExists(spansFile);
    metricsPort = DemoProcess.freePortTriple();
    demo = DemoProcess.start("demo-it", Map.of(
        "otel.traces.exporter", "file",
        "traceguard.exporter.file.path", spansFile.toAbsolutePath().toString(),
        "otel.bsp.schedule.delay", "100ms",
        "otel.metrics.exporter", "prometheus",
        "otel.exporter.prometheus.host", "127.0.0.1",
        "otel.exporter.prometheus.port", Integer.toString(metricsPort)));
  }

  @AfterAll
  static void stopDemo() throws InterruptedException {
    if (demo != null) {
      assertThat(demo.terminate()).isEqualTo(DemoProcess.SIGTERM_STATUS);
    }
  }

  @Test
  void health_everyService_200AndNeverTraced() throws Exception {
    for (int offset = 0; offset < 3; offset++) {
      HttpResponse<String> health = demo.get(demo.port + offset, "/health", Map.of());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(health.headers().firstValue("traceresponse")).isEmpty();
    }
    // Spans are exported in the order they end: once a later request's spans are in the file, a /health span
    // would be too.
    String later = traceId(demo.get("/api/users/3", Map.of()));
    spansOf(later, 3);
    assertThat(ExportedSpans.read(spansFile)).noneMatch(s -> s.attribute("url.path").orElse("").equals("/health"));
  }

  @Test
  void metrics_prometheus_eachServiceScrapedOnItsOwnPortAfterTheGateway() throws Exception {
    assertThat(demo.get("/api/users/1000", Map.of()).statusCode()).isEqualTo(404);

    List<String> services = List.of("demo-gateway", "demo-users", "demo-payments");
    for (int offset = 0; offset < 3; offset++) {
      HttpResponse<String> scrape = demo.get(metricsPort + offset, "/metrics", Map.of());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).containsPattern(
          "(?m)^target_info\\{[^}]*service_name=\"" + services.get(offset) + "\"");
    }
    assertThat(demo.get(metricsPort, "/metrics", Map.of()).body())
        .containsPattern("(?m)^http_server_request_duration_seconds_count\\{[^}]*http_response_status_code=\"404\"");
  }

  @Test
  void getUser_knownId_userJsonAndOneTraceThroughGatewayAndUsers() throws Exception {
    HttpResponse<String> response = demo.get("/api/users/42", Map.of());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(
        "{\"email\":\"chloe.tanaka42@example.com\",\"id\":42,\"name\":\"Chloé Tanaka\"}");
    List<Span> spans = spansOf(traceId(response), 3);
    Span gateway = only(spans, "demo-gateway", SERVER);
    Span client = only(spans, "demo-gateway", CLIENT);
    Span users = only(spans, "demo-users", SERVER);
    assertThat(gateway.name()).isEqualTo("GET /api/users/{id}");
    assertThat(gateway.attribute("http.route")).hasValue("/api/users/{id}");
    assertThat(gateway.parentSpanId()).isEmpty();
    assertThat(client.parentSpanId()).isEqualTo(gateway.spanId());
    assertThat(client.attribute("url.full")).hasValue("http://127.0.0.1:" + (demo.port + 1) + "/users/42");
    assertThat(users.name()).isEqualTo("GET /users/{id}");
    assertThat(users.parentSpanId()).isEqualTo(client.spanId());
    assertThat(users.attribute("http.response.status_code")).hasValue("200");
  }

  @Test
  void getUser_unknownId_404ProblemJsonFromUsersAnsweredAgainByGateway() throws Exception {
    HttpResponse<String> response = demo.get("/api/users/1000", Map.of());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    String traceId = traceId(response);
    assertThat(response.body()).contains("\"status\":404", "\"error_code\":1001", "\"error_domain\":\"USER\"",
        "\"trace_id\":\"" + traceId + "\"");
    List<Span> spans = spansOf(traceId, 3);
    for (Span server : List.of(only(spans, "demo-gateway", SERVER), only(spans, "demo-users", SERVER))) {
      assertThat(server.attribute("error.code")).hasValue("1001");
      assertThat(server.attribute("error.domain")).hasValue("USER");
      assertThat(server.attribute("http.response.status_code")).hasValue("404");
      assertThat(server.statusCode()).as("4xx leaves a SERVER span's status unset").isZero();
    }
    assertThat(only(spans, "demo-gateway", CLIENT).statusCode()).isEqualTo(STATUS_ERROR);
  }

  @Test
  void searchByEmail_404AndTheAddressMaskedInEveryExportedSpan() throws Exception {
    HttpResponse<String> response = demo.get("/api/users/search?email=alice.smith@example.com", Map.of());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"error_domain\":\"USER\"").doesNotContain("alice.smith");
    List<Span> spans = spansOf(traceId(response), 3);
    Span users = only(spans, "demo-users", SERVER);
    assertThat(users.eventAttribute("exception", "exception.message"))
        .hasValue("No user with e-mail a***@example.com");
    assertThat(spans.toString()).doesNotContain("alice.smith");
  }

  @Test
  void checkout_valid_paymentIdAndTracedBeanSpanAndMaskedCard() throws Exception {
    HttpResponse<String> response = demo.postJson("/api/checkout",
        "{\"userId\": 1, \"card\": \"4111 1111 1111 1111\", \"amount\": 12.5}", Map.of());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).matches(
        "\\{\"amount\":12\\.5,\"paymentId\":\"pay-[0-9a-f-]{36}\",\"status\":\"APPROVED\",\"userId\":1}");
    List<Span> spans = spansOf(traceId(response), 8);
    Span payments = only(spans, "demo-payments", SERVER);
    Span lookup = only(spans, "demo-payments", INTERNAL);
    assertThat(payments.name()).isEqualTo("POST /payments");
    assertThat(payments.attribute("payment.card")).hasValue("****-****-****-1111");
    assertThat(lookup.name()).isEqualTo("AccountDirectory.find");
    assertThat(lookup.parentSpanId()).isEqualTo(payments.spanId());
    assertThat(lookup.attribute("user.id")).hasValue("1");
    assertThat(only(spans, "demo-payments", CLIENT).parentSpanId()).isEqualTo(lookup.spanId());
    assertThat(spans).filteredOn(s -> s.service().equals("demo-users")).hasSize(2);
    assertThat(spans.toString()).doesNotContain("4111 1111 1111 1111", "4111111111111111");
  }

  @Test
  void checkout_amountAboveLimit_402ProblemJsonInPaymentDomain() throws Exception {
    HttpResponse<String> response = demo.postJson("/api/checkout",
        "{\"userId\": 1, \"card\": \"4111 1111 1111 1111\", \"amount\": 1200}", Map.of());

    assertThat(response.statusCode()).isEqualTo(402);
    String traceId = traceId(response);
    assertThat(response.body()).contains("\"error_code\":3001", "\"error_domain\":\"PAYMENT\"",
        "\"trace_id\":\"" + traceId + "\"");
    Span payments = only(spansOf(traceId, 8), "demo-payments", SERVER);
    assertThat(payments.attribute("error.domain")).hasValue("PAYMENT");
    assertThat(payments.eventAttribute("exception", "exception.message")).hasValueSatisfying(
        message -> assertThat(message).contains("****-****-****-1111").doesNotContain("4111 1111"));
  }

  @Test
  void checkout_unknownUser_404BeforeAnyPayment() throws Exception {
    HttpResponse<String> response = demo.postJson("/api/checkout",
        "{\"userId\": 5000, \"card\": \"4111 1111 1111 1111\", \"amount\": 10}", Map.of());

    assertThat(response.statusCode()).isEqualTo(404);
    List<Span> spans = spansOf(traceId(response), 3);
    assertThat(spans).noneMatch(s -> s.service().equals("demo-payments"));
  }

  @Test
  void boom_unexpectedException_500WithGenericDetailAndMaskedMessageOnSpan() throws Exception {
    HttpResponse<String> response = demo.get("/api/boom", Map.of());

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"detail\":\"The server could not complete the request.\"")
        .doesNotContain("alice", "IllegalStateException");
    Span gateway = only(spansOf(traceId(response), 1), "demo-gateway", SERVER);
    assertThat(gateway.statusCode()).isEqualTo(STATUS_ERROR);
    assertThat(gateway.eventAttribute("exception", "exception.type")).hasValue("java.lang.IllegalStateException");
    assertThat(gateway.eventAttribute("exception", "exception.message"))
        .hasValue("Session store lost the cart of a***@example.com");
  }

  @Test
  void getUser_incomingTraceparent_traceContinuedAcrossAllServices() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpResponse<String> response = demo.get("/api/users/5",
        Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

    assertThat(traceId(response)).isEqualTo(traceId);
    List<Span> spans = spansOf(traceId, 3);
    assertThat(only(spans, "demo-gateway", SERVER).parentSpanId()).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void harness_postTest_postsEachItemsArgumentsInOrderWithTheContextPropagated() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    callback.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("traceparent")
          + " " + exchange.getRequestHeaders().getFirst("tracestate") + " " + body);
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    callback.start();
    try {
      String url = "http://127.0.0.1:" + callback.getAddress().getPort();
      HttpResponse<String> response = demo.postJson("/test",
          "[{\"url\":\"" + url + "/first\",\"arguments\":[{\"url\":\"x\"}]},"
              + "{\"url\":\"" + url + "/second\",\"arguments\":[]}]",
          Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
              "tracestate", "vendor=value"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"calls\":2}");
      assertThat(received).hasSize(2);
      assertThat(received.get(0)).matches(
          "/first 00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01 vendor=value \\[\\{\"url\":\"x\"}]");
      assertThat(received.get(1)).matches(
          "/second 00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01 vendor=value \\[]");
      assertThat(received.get(0)).doesNotContain("b7ad6b7169203331");
    } finally {
      callback.stop(0);
    }
  }

  @Test
  void harness_urlNotOnLoopback_400AndNothingCalled() throws Exception {
    HttpResponse<String> response = demo.postJson("/test",
        "[{\"url\":\"http://192.0.2.1/x\",\"arguments\":[]}]", Map.of());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error_code\":9002", "\"error_domain\":\"GATEWAY\"");
    List<Span> spans = spansOf(traceId(response), 1);
    assertThat(spans).noneMatch(s -> s.kind() == CLIENT);
  }

  private static String traceId(HttpResponse<String> response) {
    String header = response.headers().firstValue("traceresponse").orElseThrow(
        () -> new AssertionError("no traceresponse in " + response.headers().map()));
    Matcher matcher = TRACERESPONSE.matcher(header);
    assertThat(matcher.matches()).as("traceresponse %s", header).isTrue();
    return matcher.group(1);
  }

  /** Waits until the file holds {@code count} spans of the trace, and for any straggler, then returns them. */
  private static List<Span> spansOf(String traceId, int count) {
    List<Span> spans = await().atMost(EXPORTED).pollInterval(Duration.ofMillis(100))
        .until(() -> ExportedSpans.ofTrace(ExportedSpans.read(spansFile), traceId), s -> s.size() >= count);
    assertThat(spans).as("spans of trace %s", traceId).hasSize(count);
    return spans;
  }

  private static Span only(List<Span> spans, String service, int kind) {
    List<Span> matching = spans.stream().filter(s -> s.service().equals(service) && s.kind() == kind).toList();
    assertThat(matching).as("%s spans of kind %s among %s", service, kind, spans).hasSize(1);
    return matching.get(0);
  }
}
