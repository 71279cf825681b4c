package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.core.OtlpJsonLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the drop-in jar promises on every Jakarta EE server, checked on one: the sample WAR (its own classes, {@code
 * beans.xml}, {@code microprofile-config.properties} and {@code traceguard-all} in {@code WEB-INF/lib}, nothing
 * else) deployed once per class on a server a subclass starts on 127.0.0.1, exporting to an OTLP JSON file. Every
 * Traceguard setting comes from the WAR; the server gets none. Each test sends its own trace id and looks for that
 * trace in the file: a SERVER span per request named by route, continuing the caller; the {@code @Traced} bean's
 * span; problem+json answers with the trace id; masked personal data; a CLIENT span on a plain JAX-RS client whose
 * callee continues it; an asynchronous route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DropInContract {
  static final String CONTEXT_ROOT = "/sample";
  static final String EMAIL = "jane.doe@example.com";
  /** How Traceguard's e-mail detector masks {@link #EMAIL}. */
  static final String MASKED_EMAIL = "j***@example.com";
  /** Spans leave every 200 ms (the WAR's otel.bsp.schedule.delay); the rest is room for a busy machine. */
  static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final String SERVER = "2";
  private static final String INTERNAL = "1";
  private static final String CLIENT = "3";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ServerProcess server;
  private Path work;
  private Path spansFile;
  private int port;

  /** The {@code otel.service.name} the WAR configures, one per server. */
  abstract String serviceName();

  /** Starts the server with {@code war} deployed and its HTTP listener on 127.0.0.1:{@code port}; need not wait. */
  abstract ServerProcess start(Path war, int port, Path work) throws Exception;

  /** Starts what the server exports to besides the file, before the WAR is built; nothing by default. */
  void beforeDeploy() throws Exception {}

  /** Stops what {@link #beforeDeploy()} started, once the server has stopped (and exported what it held). */
  void afterStop() {}

  /** The WAR's MicroProfile Config properties; a subclass may add its own. */
  Map<String, String> config(Path spansFile) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("otel.service.name", serviceName());
    config.put("otel.traces.exporter", "file");
    config.put("otel.traces.sampler", "parentbased_always_on");
    config.put("traceguard.exporter.file.path", spansFile.toString());
    config.put("otel.bsp.schedule.delay", "200ms");
    return config;
  }

  @BeforeAll
  final void deploy() throws Exception {
    beforeDeploy();
    Path testClasses = Path.of(TestEnvironment.property("sample.classes"));
    work = TestEnvironment.workDir(getClass());
    spansFile = work.resolve("spans.jsonl");
    Path war = SampleWar.build(work.resolve("sample.war"), testClasses, Path.of(TestEnvironment.property("sample.war.dir")),
        Path.of(TestEnvironment.property("traceguard.all.jar")), config(spansFile), hasRestClient(), extraWarFiles());
    // A port free when chosen may be taken before the server binds it (another process's connection): then the
    // server is started again on another one, at most three times.
    for (int attempt = 1; ; attempt++) {
      port = TestEnvironment.freePort();
      // Assigned before waiting, so that @AfterAll stops a server that never became ready.
      server = start(war, port, work);
      try {
        server.awaitReady(url("/api/orders/1"));
        return;
      } catch (AssertionError e) {
        if (attempt == 3 || !server.portTaken()) {
          throw e;
        }
        server.close();
      }
    }
  }

  @AfterAll
  final void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      afterStop();
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

  /** An unknown order's failed request, as the file holds it: the caller's ids and Traceguard's two spans. */
  record UnknownOrder(String traceId, String callerSpanId, Map<String, String> server, Map<String, String> internal) {}

  /** Requests an unknown order with a {@code traceparent}; checks the answer, and that exactly two spans arrive. */
  final UnknownOrder requestUnknownOrder() throws Exception {
    String traceId = randomHex(16);
    String callerSpanId = randomHex(8);

    HttpResponse<String> response =
        get("/api/orders/4242?email=" + EMAIL, "00-" + traceId + "-" + callerSpanId + "-01");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body())
        .contains("\"trace_id\":\"" + traceId + "\"")
        .contains("\"error_code\":4001")
        .contains("\"error_domain\":\"ORDER\"")
        .doesNotContain(EMAIL);
    List<Map<String, String>> spans = awaitSpans(traceId, 2);
    // Exactly Traceguard's two: a server's own per-request span, if it makes one, is not exported here.
    assertThat(spans).hasSize(2);
    return new UnknownOrder(traceId, callerSpanId, named(spans, "GET " + CONTEXT_ROOT + "/api/orders/{id}"),
        named(spans, "OrderService.describe"));
  }

  /** The methods of the sample's {@code BackgroundWork} run on a server's threads by one background request. */
  static final List<String> BACKGROUND_WORK = List.of("viaExecutor", "viaContextService", "viaAsynchronous");

  @Test
  void unknownOrder_withTraceparent_problemJsonAndTheCallersTraceContinued_masked() throws Exception {
    UnknownOrder order = requestUnknownOrder();

    assertThat(order.server()).containsEntry("parentSpanId", order.callerSpanId()).containsEntry("kind", SERVER);
    assertThat(order.internal()).containsEntry("parentSpanId", order.server().get("spanId"))
        .containsEntry("kind", INTERNAL);
    assertThat(String.join("\n", fileLines(order.traceId())))
        .contains("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"" + serviceName() + "\"}}")
        .contains("{\"key\":\"http.route\",\"value\":{\"stringValue\":\"" + CONTEXT_ROOT
            + "/api/orders/{id}\"}}")
        .contains("{\"key\":\"error.code\",\"value\":{\"intValue\":\"4001\"}}")
        .contains(MASKED_EMAIL)
        .doesNotContain(EMAIL);
  }

  @Test
  void unexpectedException_answers500GenericDetail_andRecordsTheExceptionMasked() throws Exception {
    String traceId = randomHex(16);

    HttpResponse<String> response =
        get("/api/orders/7/fail?email=" + EMAIL, "00-" + traceId + "-" + randomHex(8) + "-01");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body())
        .contains("\"trace_id\":\"" + traceId + "\"")
        .contains("\"error_domain\":\"TRACEGUARD\"")
        .doesNotContain(EMAIL)
        .doesNotContain("payment backend");
    Map<String, String> server = named(awaitSpans(traceId, 1), "GET " + CONTEXT_ROOT + "/api/orders/{id}/fail");
    assertThat(server).containsEntry("kind", SERVER);
    assertThat(String.join("\n", fileLines(traceId)))
        .contains("{\"key\":\"exception.type\",\"value\":{\"stringValue\":\"java.lang.IllegalStateException\"}}")
        .contains("the payment backend refused " + MASKED_EMAIL)
        .doesNotContain(EMAIL);    // The application's ErrorListener bean, in WEB-INF/classes, is told once.
    assertThat(await("the report to the application's listener").atMost(ARRIVAL)
        .until(() -> get("/api/reported/" + traceId, "00-" + randomHex(16) + "-" + randomHex(8) + "-01").body(),
            body -> !body.isEmpty()))
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void applicationsOwnMapper_answersItsException_recordedOnTheServerSpanWithItsStatusMasked() throws Exception {
    checkOwnMapperRecorded("/orders/{id}/refused", "/api/orders/6/refused");
  }

  /**
   * Calls {@code path}, which fails with the sample's {@code PaymentRefused}, answered 402 by the application's own
   * mapper, and checks the exception on the SERVER span of {@code route}, with the status it got, masked.
   */
  private void checkOwnMapperRecorded(String route, String path) throws Exception {
    String traceId = randomHex(16);

    HttpResponse<String> response = get(path + "?email=" + EMAIL, "00-" + traceId + "-" + randomHex(8) + "-01");

    assertThat(response.statusCode()).isEqualTo(402);
    assertThat(response.body()).isEqualTo("payment refused");
    Map<String, String> server = named(awaitSpans(traceId, 1), "GET " + CONTEXT_ROOT + "/api" + route);
    assertThat(server).containsEntry("kind", SERVER);
    assertThat(String.join("\n", fileLines(traceId)))
        .contains("{\"key\":\"exception.type\",\"value\":{\"stringValue\":\""
            + "dev.traceguard.all.sample.PaymentRefused\"}}")
        .contains("{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"402\"}}")
        .contains("the card of " + MASKED_EMAIL + " was refused")
        .doesNotContain(EMAIL);
  }

  @Test
  void subResourceLocator_routeOfEveryTemplateOnTheWay() throws Exception {
    String traceId = checkLocatorRoute("/api/shops/7/items/3", "/api/shops/{shopId}/items/{itemId}");

    assertThat(String.join("\n", fileLines(traceId))).contains("{\"key\":\"http.route\",\"value\":{\"stringValue\":\""
        + CONTEXT_ROOT + "/api/shops/{shopId}/items/{itemId}\"}}");
  }

  @Test
  void subResourceLocator_twoLocatorsReturnTheSameClass_routeOfTheOneMatched() throws Exception {
    checkLocatorRoute("/api/shops/7/archived/3", "/api/shops/{shopId}/archived/{itemId}");
  }

  /** Gets shop 7's item 3 at {@code path}; checks the answer and the SERVER span's route; returns the trace id. */
  private String checkLocatorRoute(String path, String route) throws Exception {
    String traceId = randomHex(16);

    HttpResponse<String> response = get(path, "00-" + traceId + "-" + randomHex(8) + "-01");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("shop 7 item 3");
    assertThat(named(awaitSpans(traceId, 1), "GET " + CONTEXT_ROOT + route)).containsEntry("kind", SERVER);
    return traceId;
  }

  @Test
  void plainJaxRsClient_noRegistration_clientSpanWhoseCalleeContinuesIt() throws Exception {
    String traceId = randomHex(16);

    HttpResponse<String> response = get("/api/chain/42", "00-" + traceId + "-" + randomHex(8) + "-01");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("200 order 42");
    List<Map<String, String>> spans = awaitSpans(traceId, 4);
    Map<String, String> caller = named(spans, "GET " + CONTEXT_ROOT + "/api/chain/{id}");
    Map<String, String> client = spans.stream().filter(span -> CLIENT.equals(span.get("kind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no CLIENT span in " + spans));
    Map<String, String> callee = named(spans, "GET " + CONTEXT_ROOT + "/api/orders/{id}");
    assertThat(client).containsEntry("parentSpanId", caller.get("spanId"));
    assertThat(callee).as("the callee's SERVER span, child of the CLIENT span through traceparent")
        .containsEntry("parentSpanId", client.get("spanId")).containsEntry("kind", SERVER);
    assertThat(named(spans, "OrderService.describe")).containsEntry("parentSpanId", callee.get("spanId"));
  }

  @Test
  void asynchronousRoute_completionStage_tracedUnderItsRoute() throws Exception {
    checkAsyncRoute("/orders/{id}/later", "/api/orders/5/later", "order 5 later");
  }

  /**
   * Calls {@code path}, whose method answers {@code body} from another thread after it returned, and checks its SERVER
   * span under {@code route}, continuing the caller's, {@code traceresponse} naming the trace, and the request thread
   * holding no trace once back in the Servlet container.
   */
  private void checkAsyncRoute(String route, String path, String body) throws Exception {
    String traceId = randomHex(16);
    String callerSpanId = randomHex(8);

    HttpResponse<String> response = get(path, "00-" + traceId + "-" + callerSpanId + "-01");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(body);
    assertThat(named(awaitSpans(traceId, 1), "GET " + CONTEXT_ROOT + "/api" + route))
        .containsEntry("parentSpanId", callerSpanId).containsEntry("kind", SERVER);
    assertThat(response.headers().firstValue("traceresponse")).hasValueSatisfying(
        header -> assertThat(header).startsWith("00-" + traceId + "-"));
    // RequestThreadProbe's line, written once the request thread is back in the Servlet container.
    String probe = "sample: request thread of trace " + traceId + " kept ";
    await().atMost(Duration.ofSeconds(10)).until(() -> server.logLines(probe) > 0);
    assertThat(server.logLines(probe + "none")).as("the request thread's context after an asynchronous route")
        .isEqualTo(1);
  }


  @Test
  void applicationsOwnMapper_resourceClassWithoutBeanDefiningAnnotation_recordedOnTheServerSpan() throws Exception {
    checkOwnMapperRecorded("/plain/{id}/refused", "/api/plain/6/refused");
  }

  @Test
  void asynchronousRoute_resourceClassWithoutBeanDefiningAnnotation_requestThreadHoldsNoTrace() throws Exception {
    checkAsyncRoute("/plain/{id}/later", "/api/plain/6/later", "plain 6 later");
  }

  /** Files the WAR carries for this server only, by path in the WAR: none by default. */
  Map<String, String> extraWarFiles() {
    return Map.of();
  }

  /** Whether the server gives applications the MicroProfile Rest Client API, so the WAR may carry its sample. */
  boolean hasRestClient() {
    return false;
  }

  /**
   * Calls {@code GET /api/rest-chain/42}, whose MicroProfile Rest Client the application builds with nothing
   * registered, and checks the CLIENT span under the caller's SERVER span and the callee's SERVER span its child.
   */
  final void checkRestClientChain() throws Exception {
    String traceId = randomHex(16);

    HttpResponse<String> response = get("/api/rest-chain/42", "00-" + traceId + "-" + randomHex(8) + "-01");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("rest client: order 42");
    List<Map<String, String>> spans = awaitSpans(traceId, 4);
    Map<String, String> caller = named(spans, "GET " + CONTEXT_ROOT + "/api/rest-chain/{id}");
    Map<String, String> client = spans.stream().filter(span -> CLIENT.equals(span.get("kind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no CLIENT span in " + spans));
    assertThat(client).containsEntry("parentSpanId", caller.get("spanId"));
    assertThat(named(spans, "GET " + CONTEXT_ROOT + "/api/orders/{id}")).as("the callee's SERVER span")
        .containsEntry("parentSpanId", client.get("spanId"));
  }

  /**
   * The {@code BackgroundWork} methods whose spans the server's default executor, context service and asynchronous
   * methods bring into the request's trace: those whose default context service propagates third-party context
   * types. Jakarta Concurrency leaves the defaults to the server; a server that leaves some out overrides this.
   */
  Set<String> carriedByServerDefaults() {
    return Set.of(BACKGROUND_WORK.toArray(String[]::new));
  }

  @Test
  void concurrencyDefaults_noWrapping_workOnServerThreadsIsAChildOfTheRequestWhereTheServerPropagates()
      throws Exception {
    String traceId = randomHex(16);

    HttpResponse<String> response = get("/api/background/9", "00-" + traceId + "-" + randomHex(8) + "-01");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("executor 9 context-service 9 asynchronous 9");
    List<Map<String, String>> spans = awaitSpans(traceId, 1 + carriedByServerDefaults().size());
    String request = named(spans, "GET " + CONTEXT_ROOT + "/api/background/{id}").get("spanId");
    for (String method : BACKGROUND_WORK) {
      if (carriedByServerDefaults().contains(method)) {
        assertThat(named(spans, "BackgroundWork." + method)).as(method)
            .containsEntry("parentSpanId", request).containsEntry("kind", INTERNAL);
      } else {
        assertThat(spans).as(method + " is not carried by this server's defaults")
            .noneMatch(span -> span.get("name").startsWith("BackgroundWork." + method));
      }
    }
  }

  @Test
  void concurrencyDefinitions_noWrapping_workOnServerThreadsIsAChildOfTheRequest() throws Exception {
    String traceId = randomHex(16);

    HttpResponse<String> response = get("/api/background/8/defined", "00-" + traceId + "-" + randomHex(8) + "-01");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("executor 8 context-service 8 asynchronous 8");
    List<Map<String, String>> spans = awaitSpans(traceId, 4);
    String request = named(spans, "GET " + CONTEXT_ROOT + "/api/background/{id}/defined").get("spanId");
    assertThat(spans).filteredOn(span -> span.get("name").startsWith("BackgroundWork."))
        .extracting(span -> span.get("parentSpanId")).containsExactly(request, request, request);
  }

  /**
   * The heap growth allowed over {@value Redeploys#COUNT} redeploys, {@link Redeploys#HEAP_GROWTH_LIMIT_KB}: flat, up
   * to the noise of what a server caches. A server that keeps whole old deployments ({@code stale} of them) says what
   * they weigh.
   */
  long heapGrowthLimitKb(long stale) {
    return Redeploys.HEAP_GROWTH_LIMIT_KB;
  }

  /** {@link Redeploys#check}, each new deployment answering the unknown order with a traced problem. */
  final void checkRedeploys(Redeploys.Step redeployment, Redeploys.StaleCopies stale) throws Exception {
    Redeploys.check(server, work, redeployment, this::requestUnknownOrder, stale, this::heapGrowthLimitKb, 1);
  }

  static String randomHex(int bytes) {
    byte[] id = new byte[bytes];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  final URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + CONTEXT_ROOT + pathAndQuery);
  }

  final HttpResponse<String> get(String pathAndQuery, String traceparent) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(url(pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("traceparent", traceparent)
        .GET()
        .build();
    return TestEnvironment.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Waits for at least {@code count} spans of {@code traceId} in the file, and returns them all. */
  final List<Map<String, String>> awaitSpans(String traceId, int count) {
    return await("spans of trace " + traceId + " in " + spansFile).atMost(ARRIVAL)
        .until(() -> fileSpans(traceId), found -> found.size() >= count);
  }

  /** The file's lines that hold spans of {@code traceId}; a line is one batch and may hold other traces too. */
  final List<String> fileLines(String traceId) {
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

  private List<Map<String, String>> fileSpans(String traceId) {
    List<Map<String, String>> spans = new ArrayList<>();
    try {
      for (String line : fileLines(traceId)) {
        OtlpJsonLines.spans(line).stream().filter(span -> traceId.equals(span.get("traceId"))).forEach(spans::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return spans;
  }

  static Map<String, String> named(List<Map<String, String>> spans, String name) {
    return spans.stream().filter(span -> name.equals(span.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans));
  }
}
