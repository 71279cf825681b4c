package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import dev.traceguard.core.OtlpHttpReceiver;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What {@code traceguard-all-mp} promises on a server whose own MicroProfile Telemetry is on (the application setting
 * {@code otel.sdk.disabled=false}), the server's SDK exporting over OTLP to a real receiver on 127.0.0.1: Traceguard
 * traces with the server's OpenTelemetry, so each request has one SERVER span (the server's) carrying Traceguard's
 * error attributes, the problem's {@code trace_id} names the exported trace, and the server's own spans leave masked.
 * One server per class, started by the subclass, several requests per deployment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerTelemetryContract {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String EMAIL = "bob@example.com";

  private OtlpHttpReceiver receiver;
  private ServerProcess server;
  private Path work;
  private String base;
  private Path spansFile;

  /** Starts the server with {@code war} deployed and HTTP on 127.0.0.1:{@code port}. */
  abstract ServerProcess start(Path war, int port, Path work) throws IOException;

  /**
   * The application's {@code otel.traces.exporter}: one name exporting OTLP to the receiver ({@code otlp}, or
   * Traceguard's {@code jaeger}, which is OTLP), and Traceguard's {@code file}, which the server's SDK must accept.
   */
  abstract String tracesExporter();

  /**
   * The attribute of the server's SERVER span that carries the query string: {@code url.query} under the stable HTTP
   * conventions; older instrumentations put it in {@code http.target}.
   */
  String queryAttribute() {
    return "url.query";
  }

  /**
   * The {@code error.type} of a request failed by an unexpected exception: the status, on servers whose
   * instrumentation, not told the exception, sets it as it ends its span; the exception's class where Traceguard's
   * value stays.
   */
  String unexpectedFailureErrorType() {
    return "500";
  }

  /**
   * Whether the server hands the application's {@code java.util.logging} records to its OpenTelemetry logs, which the
   * application exports with {@code otel.logs.exporter=otlp}.
   */
  boolean exportsApplicationLogs() {
    return false;
  }

  @BeforeAll
  final void deploy() throws Exception {
    Path testClasses = Path.of(TestEnvironment.property("sample.classes"));
    work = TestEnvironment.workDir(getClass());
    receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
    spansFile = work.resolve("spans.jsonl");
    Map<String, String> config = new LinkedHashMap<>();
    config.put("otel.service.name", "server-telemetry-sample");
    config.put("otel.sdk.disabled", "false");
    config.put("otel.traces.exporter", tracesExporter());
    config.put("traceguard.exporter.file.path", spansFile.toString());
    config.put("otel.exporter.otlp.protocol", "http/protobuf");
    config.put("otel.exporter.otlp.endpoint", receiver.endpoint());
    config.put("otel.bsp.schedule.delay", "100");
    config.put("otel.metrics.exporter", "otlp");
    config.put("otel.metric.export.interval", "500");
    config.put("otel.logs.exporter", "otlp");
    config.put("traceguard.exporter.retry.directory", work.resolve("retry").toString());
    config.put("traceguard.exporter.retry.initial-backoff", "200ms");
    Path war = SampleWar.build(work.resolve("sample.war"), testClasses,
        Path.of(TestEnvironment.property("sample.war.dir")), Path.of(TestEnvironment.property("traceguard.all-mp.jar")),
        config, Set.of(SampleWar.WITH_SPAN_PACKAGE), Map.of());
    int port = TestEnvironment.freePort();
    base = "http://127.0.0.1:" + port + DropInContract.CONTEXT_ROOT + "/api";
    // Assigned before waiting, so that @AfterAll stops a server that never became ready.
    server = start(war, port, work);
    // A 200 from the application itself: Payara answers 404 for its paths before it has deployed it.
    server.awaitReady(URI.create(base + "/orders/1"), 200);
  }

  @AfterAll
  final void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (receiver != null) {
        receiver.close();
      }
    }
  }

  /** The running server. */
  final ServerProcess server() {
    return server;
  }

  /** The directory of this class's WAR, spans file and server files. */
  final Path work() {
    return work;
  }

  /**
   * {@link Redeploys#check}, each new deployment answering a request whose SERVER span reaches the receiver: what
   * Traceguard hands the server's SDK (its masking, its exporters, the processor of the sample's {@code
   * @TraceguardExporter} bean) must leave with the deployment that handed it.
   */
  final void checkRedeploys(Redeploys.Step redeployment, Redeploys.StaleCopies stale) throws Exception {
    Redeploys.check(server, work, redeployment, () -> {
      String traceId = DropInContract.randomHex(16);
      assertThat(get("/orders/3", "00-" + traceId + "-00f067aa0ba902b7-01").statusCode()).isEqualTo(200);
      awaitSpans(traceId, Span.SpanKind.SPAN_KIND_SERVER);
    }, stale, allowed -> Redeploys.HEAP_GROWTH_LIMIT_KB, 2); // the server's batch processor, and the bean's
  }

  @Test
  void traceguardException_recordedOnTheServersOnlyServerSpan_problemNamesTheExportedTrace() throws Exception {
    HttpResponse<String> response = get("/orders/4242?email=" + EMAIL, "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"error_code\":4001").contains("\"trace_id\":\"" + TRACE_ID + "\"");
    List<Span> servers = awaitSpans(TRACE_ID, Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(servers).as("SERVER spans of the request").hasSize(1);
    Span span = servers.get(0);
    assertThat(attribute(span, "error.code")).hasValue("4001");
    assertThat(span.getEventsList()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
    assertThat(response.headers().firstValue("traceresponse"))
        .hasValue("00-" + TRACE_ID + "-" + hex(span.getSpanId()) + "-01");
    assertThat(attribute(span, queryAttribute())).as("the server's own attribute, masked on its way out")
        .hasValueSatisfying(query -> assertThat(query).contains("email=").doesNotContain(EMAIL));
    assertThat(span.toString()).doesNotContain(EMAIL);
    List<Span> traced = spans(TRACE_ID, Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(traced).as("the @Traced bean's span").singleElement().satisfies(internal -> {
      assertThat(internal.getName()).isEqualTo("OrderService.describe");
      assertThat(internal.getParentSpanId()).isEqualTo(span.getSpanId());
      assertThat(internal.toString()).doesNotContain(EMAIL);
    });
  }

  @Test
  void errorCount_onTheServersMeterProvider_withCodeAndRoute() throws Exception {
    String traceId = "7bf92f3577b34da6a3ce929d0e0e4739";
    assertThat(get("/orders/4243", "00-" + traceId + "-00f067aa0ba902b7-01").statusCode()).isEqualTo(404);

    // Counted once per request; cumulative: the latest export holds every 4001 answered so far, this one among them.
    NumberDataPoint point = await().atMost(Duration.ofSeconds(30)).until(() -> errorCount("4001"), found -> found
        .filter(counted -> counted.getExemplarsList().stream()
            .anyMatch(exemplar -> hex(exemplar.getTraceId()).equals(traceId))).isPresent()).orElseThrow();
    assertThat(point.getAttributesList()).extracting(KeyValue::getKey)
        .contains("error.code", "error.domain", "error.type", "http.route", "http.response.status_code");
    assertThat(stringAttribute(point.getAttributesList(), "http.route")).hasValue("/sample/api/orders/{id}");
    assertThat(receiver.resourceMetrics().stream()
        .flatMap(resource -> resource.getScopeMetricsList().stream())
        .filter(scope -> scope.getScope().getName().equals("dev.traceguard"))
        .flatMap(scope -> scope.getMetricsList().stream())
        .map(Metric::getName)).as("Traceguard's instruments on the server's SDK: no second request duration")
        .containsOnly("traceguard.errors");
  }

  /** The latest exported {@code traceguard.errors} point with {@code error.code} {@code code}. */
  private Optional<NumberDataPoint> errorCount(String code) {
    List<NumberDataPoint> points = receiver.resourceMetrics().stream()
        .flatMap(resource -> resource.getScopeMetricsList().stream())
        .flatMap(scope -> scope.getMetricsList().stream())
        .filter(metric -> metric.getName().equals("traceguard.errors"))
        .flatMap(metric -> metric.getSum().getDataPointsList().stream())
        .filter(point -> stringAttribute(point.getAttributesList(), "error.code").equals(Optional.of(code)))
        .toList();
    return points.isEmpty() ? Optional.empty() : Optional.of(points.get(points.size() - 1));
  }

  @Test
  void traceguardExporterBean_receivesTheServersSpansMasked() throws Exception {
    String traceId = "8bf92f3577b34da6a3ce929d0e0e4740";
    assertThat(get("/orders/3?email=" + EMAIL, "00-" + traceId + "-00f067aa0ba902b7-01").statusCode())
        .isEqualTo(200);

    String received = await().atMost(Duration.ofSeconds(30))
        .until(() -> get("/exported/" + traceId, null).body(), body -> body.contains("/orders/{id}"));
    assertThat(received).contains("/orders/{id} ").contains("email=").doesNotContain(EMAIL);
  }

  @Test
  void traceguardExporterBean_exportRefused_spansWaitInTheRetryDirectoryAndArrive() throws Exception {
    String traceId = "8bf92f3577b34da6a3ce929d0e0e4741";
    assertThat(get("/orders/3?refuse-export-once&email=" + EMAIL, "00-" + traceId + "-00f067aa0ba902b7-01")
        .statusCode()).isEqualTo(200);

    String received = await().atMost(Duration.ofSeconds(30))
        .until(() -> get("/exported/" + traceId, null).body(), body -> body.contains("/orders/{id}"));
    assertThat(received).contains("refuse-export-once").doesNotContain(EMAIL);
    assertThat(get("/exported/refused", null).body()).isEqualTo("1");
    // The bean's own subdirectory, named after the service and the bean's class (anonymous here).
    try (var directories = Files.list(work.resolve("retry"))) {
      assertThat(directories.map(path -> path.getFileName().toString()))
          .containsExactly("server-telemetry-sample_ExportedSpans_1");
    }
  }

  @Test
  void applicationLogRecord_exportedByTheServer_leavesMasked() throws Exception {
    assumeTrue(exportsApplicationLogs(), "this server exports no application log records");
    String marker = DropInContract.randomHex(8);
    assertThat(get("/note/" + marker + "?email=" + EMAIL, null).statusCode()).isEqualTo(200);

    String body = await().atMost(Duration.ofSeconds(30)).until(() -> receiver.resourceLogs().stream()
        .flatMap(logs -> logs.getScopeLogsList().stream())
        .flatMap(scope -> scope.getLogRecordsList().stream())
        .map(record -> record.getBody().getStringValue())
        .filter(text -> text.contains(marker))
        .findFirst(), Optional::isPresent).get();
    assertThat(body).contains("sample: a note " + marker + " from ").doesNotContain(EMAIL);
  }

  @Test
  void withSpan_servedByTheServer_oneSpanInsideTheRequestsTrace() throws Exception {
    String traceId = "6bf92f3577b34da6a3ce929d0e0e4738";
    HttpResponse<String> response = get("/checkout", "00-" + traceId + "-00f067aa0ba902b7-01");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(awaitOnlyInternalSpanUnderTheServerSpan(traceId, response.body()).getName())
        .isEqualTo("checkout.reserve");
  }

  /**
   * The only INTERNAL span of {@code traceId}, once exported, checked to have the id {@code spanIdHex} and the
   * trace's only SERVER span for parent.
   */
  private Span awaitOnlyInternalSpanUnderTheServerSpan(String traceId, String spanIdHex) {
    List<Span> internal = awaitSpans(traceId, Span.SpanKind.SPAN_KIND_INTERNAL);
    List<Span> servers = awaitSpans(traceId, Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(servers).hasSize(1);
    assertThat(internal).hasSize(1);
    assertThat(hex(internal.get(0).getSpanId())).isEqualTo(spanIdHex);
    assertThat(internal.get(0).getParentSpanId()).isEqualTo(servers.get(0).getSpanId());
    return internal.get(0);
  }

  @Test
  void contextPropagation_scheduledExecutorOnTheServersApi_taskSpanIsTheRequestsChild() throws Exception {
    String traceId = "6bf92f3577b34da6a3ce929d0e0e4742";
    HttpResponse<String> response = get("/checkout/scheduled", "00-" + traceId + "-00f067aa0ba902b7-01");

    assertThat(response.statusCode()).isEqualTo(200);
    awaitOnlyInternalSpanUnderTheServerSpan(traceId, response.body());
  }

  @Test
  void fileExporter_onTheServersSdk_writesTheRequestsSpansAsOtlpJson() throws Exception {
    String traceId = "5bf92f3577b34da6a3ce929d0e0e4737";
    assertThat(get("/orders/3", "00-" + traceId + "-00f067aa0ba902b7-01").statusCode()).isEqualTo(200);

    String line = await().atMost(Duration.ofSeconds(30)).until(
        () -> Files.exists(spansFile) ? Files.readAllLines(spansFile).stream()
            .filter(text -> text.contains(traceId) && text.contains("\"kind\":2")).findFirst().orElse(null) : null,
        found -> found != null);
    assertThat(line).startsWith("{\"resourceSpans\":[").contains("\"traceId\":\"" + traceId + "\"");
  }

  @Test
  void unexpectedFailure_recordedWithMaskedStackTrace_onTheServersSpan() throws Exception {
    HttpResponse<String> response = get("/orders/7/fail?email=" + EMAIL, null);

    assertThat(response.statusCode()).isEqualTo(500);
    String traceId = problemTraceId(response.body());
    List<Span> servers = awaitSpans(traceId, Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(servers).hasSize(1);
    assertThat(attribute(servers.get(0), "error.type")).hasValue(unexpectedFailureErrorType());
    assertThat(servers.get(0).getEventsList()).singleElement().satisfies(event -> {
      assertThat(event.getName()).isEqualTo("exception");
      assertThat(event.getAttributesList()).anySatisfy(attribute -> {
        assertThat(attribute.getKey()).isEqualTo("exception.type");
        assertThat(attribute.getValue().getStringValue()).isEqualTo(IllegalStateException.class.getName());
      });
    });
    assertThat(servers.get(0).toString()).contains("exception.stacktrace").contains("OrderResource.fail")
        .doesNotContain(EMAIL);    // The application's ErrorListener bean, in WEB-INF/classes, is told once.
    assertThat(await().atMost(Duration.ofSeconds(30))
        .until(() -> get("/reported/" + traceId, null).body(), body -> !body.isEmpty()))
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void requestThread_afterSyncFailedAndAsyncRequests_holdsNoTrace() throws Exception {
    for (String path : List.of("/orders/3", "/orders/4244", "/orders/5/later")) {
      String traceId = DropInContract.randomHex(16);
      get(path, "00-" + traceId + "-00f067aa0ba902b7-01");

      // RequestThreadProbe's line, written once the request thread is back in the Servlet container.
      String probe = "sample: request thread of trace " + traceId + " kept ";
      await().atMost(Duration.ofSeconds(10)).until(() -> server.logLines(probe) > 0);
      assertThat(server.logLines(probe + "none")).as("the request thread's context after %s", path).isEqualTo(1);
    }
  }

  @Test
  void chainedCall_calleesServerSpanIsTheClientSpansChild_oneServerSpanPerRequest() throws Exception {
    String caller = "11112222333344445555666677778888";
    HttpResponse<String> response = get("/chain/7", "00-" + caller + "-00f067aa0ba902b7-01");

    assertThat(response.statusCode()).isEqualTo(200);
    List<Span> servers = await().atMost(Duration.ofSeconds(30))
        .until(() -> spans(caller, Span.SpanKind.SPAN_KIND_SERVER), found -> found.size() >= 2);
    List<Span> clients = spans(caller, Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(servers).as("the caller's and the callee's SERVER spans").hasSize(2);
    assertThat(clients).hasSize(1);
    assertThat(servers).anySatisfy(callee -> assertThat(callee.getParentSpanId()).isEqualTo(clients.get(0).getSpanId()));
  }

  private HttpResponse<String> get(String path, String traceparent) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    return TestEnvironment.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String problemTraceId(String body) {
    int at = body.indexOf("\"trace_id\":\"");
    assertThat(at).as("trace_id in %s", body).isNotNegative();
    return body.substring(at + 12, at + 44);
  }

  /** Waits until the receiver has spans of {@code traceId} of {@code kind}, and returns them. */
  private List<Span> awaitSpans(String traceId, Span.SpanKind kind) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> spans(traceId, kind), found -> !found.isEmpty());
  }

  /** The exported spans of {@code traceId} of {@code kind}. */
  private List<Span> spans(String traceId, Span.SpanKind kind) {
    ByteString id = ByteString.copyFrom(HexFormat.of().parseHex(traceId));
    return receiver.resourceSpans().stream()
        .flatMap(resource -> resource.getScopeSpansList().stream())
        .map(ScopeSpans::getSpansList)
        .flatMap(List::stream)
        .filter(span -> span.getTraceId().equals(id) && span.getKind() == kind)
        .toList();
  }

  private static Optional<String> attribute(Span span, String key) {
    return stringAttribute(span.getAttributesList(), key);
  }

  private static Optional<String> stringAttribute(List<KeyValue> attributes, String key) {
    return attributes.stream().filter(attribute -> attribute.getKey().equals(key))
        .map(KeyValue::getValue)
        .map(value -> value.hasIntValue() ? Long.toString(value.getIntValue()) : value.getStringValue())
        .findFirst();
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
