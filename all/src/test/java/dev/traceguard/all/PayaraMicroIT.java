package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.core.ZipkinServer;
import dev.traceguard.core.ZipkinServer.ZipkinSpan;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The drop-in contract on Payara Micro (version from the build), plus what only this server's tests look at: the same
 * spans in a real Zipkin server beside the file, and the application's view of the OpenTelemetry API, which is
 * Payara's own.
 */
class PayaraMicroIT extends DropInContract {
  private static final String SERVICE_NAME = "payara-sample";

  private ZipkinServer zipkin;

  @Override
  String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  void beforeDeploy() throws IOException {
    zipkin = ZipkinServer.onFreePort().start();
  }

  @Override
  void afterStop() {
    if (zipkin != null) {
      zipkin.close();
    }
  }

  @Override
  Map<String, String> config(Path spansFile) {
    Map<String, String> config = super.config(spansFile);
    config.put("otel.traces.exporter", "file,zipkin");
    config.put("otel.exporter.zipkin.endpoint", zipkin.endpoint());
    return config;
  }

  @Override
  boolean hasRestClient() {
    return true;
  }

  @Test
  void microProfileRestClient_noRegistration_clientSpanWhoseCalleeContinuesIt() throws Exception {
    checkRestClientChain();
  }

  /** Payara's default context service leaves third-party context out; its default executor carries it. */
  @Override
  Set<String> carriedByServerDefaults() {
    return Set.of("viaExecutor", "viaAsynchronous");
  }

  /** Deployed exploded, with hot deploy on, so that the redeploy test can have Payara reload it. */
  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return PayaraMicro.startExploded(Path.of(TestEnvironment.property("payara.micro.jar")), war, port, work);
  }

  @Test
  void redeployedTenTimes_shutdownCompletesEachTimeAndNothingOfTraceguardStays() throws Exception {
    checkRedeploys(() -> PayaraMicro.reload(server(), work()), () -> PayaraMicro.staleCopies(server()));

    // Payara stops the application's class loader before CDI's BeforeShutdown (and, for the application it deployed
    // at boot, before the Servlet context listeners): a class Traceguard's shutdown needed for the first time was
    // refused there, and the shutdown stopped halfway, its export threads left running.
    assertThat(server().logLines("WELD-000136")).as("exceptions in CDI's BeforeShutdown observers").isZero();
    assertThat(server().logLines("Exception sending context destroyed event")).isZero();
    assertThat(server().logLines("could not finish shutting down")).isZero();
    assertThat(server().logLines("shut down before")).as("spans lost at an undeploy").isZero();
    // For the application deployed at boot, Payara looks for thread-locals before telling the application anything:
    // the export thread, still running, holds the OTLP encoder then, and is ended by the shutdown that follows (the
    // live copies checked above). Nothing is reported for the reloaded ones.
    assertThat(server().log().lines()
        .filter(line -> line.contains("ThreadLocal") && line.contains("dev.traceguard")))
        .as("Payara's reports of thread-locals held by Traceguard at an undeploy").hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void unknownOrder_withTraceparent_theSameSpansInZipkin_masked() throws Exception {
    UnknownOrder order = requestUnknownOrder();
    String traceId = order.traceId();
    Map<String, String> server = order.server();
    Map<String, String> internal = order.internal();

    // Zipkin: the same two spans, under the service name from the WAR's configuration, masked.
    List<ZipkinSpan> zipkinSpans = await("trace " + traceId + " in Zipkin").atMost(ARRIVAL)
        .until(() -> zipkin.trace(traceId), found -> found.size() >= 2);
    assertThat(zipkinSpans).hasSize(2).allSatisfy(span -> {
      assertThat(span.serviceName()).isEqualTo(SERVICE_NAME);
      assertThat(span.tags().values()).noneMatch(value -> value.contains(EMAIL));
    });
    ZipkinSpan zipkinServer = zipkinSpans.stream().filter(span -> span.id().equals(server.get("spanId")))
        .findFirst().orElseThrow();
    assertThat(zipkinServer.parentId()).isEqualTo(order.callerSpanId());
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
