package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * WildFly with its own MicroProfile Telemetry switched on ({@code standalone-microprofile.xml}, the application
 * setting {@code otel.sdk.disabled=false}): a set-up the drop-in jar does not support yet. Traceguard must say so in
 * one WARNING naming the server, and the application must still deploy and answer, traced by Traceguard.
 */
class WildFlyTelemetryIT {
  private static final String WARNING = "Traceguard: WildFly's own MicroProfile Telemetry is on for this application";

  @Test
  void serverTelemetryOn_oneWarningNamingWildFly_andTheApplicationAnswersWithItsProblemJson() throws Exception {
    Path testClasses = Path.of(TestEnvironment.property("sample.classes"));
    Path work = TestEnvironment.workDir(getClass());
    Map<String, String> config = new LinkedHashMap<>();
    config.put("otel.service.name", "wildfly-telemetry-sample");
    config.put("otel.sdk.disabled", "false");
    // An exporter name both SDKs know; what either exports is not the point here.
    config.put("otel.traces.exporter", "none");
    config.put("otel.metrics.exporter", "none");
    config.put("otel.logs.exporter", "none");
    Path war = SampleWar.build(work.resolve("sample.war"), testClasses,
        Path.of(TestEnvironment.property("sample.war.dir")), Path.of(TestEnvironment.property("traceguard.all.jar")),
        config);
    int port = TestEnvironment.freePort();

    try (ServerProcess server = WildFly.start(Path.of(TestEnvironment.property("wildfly.home")), war, port, work,
        "standalone-microprofile.xml")) {
      URI unknownOrder = URI.create("http://127.0.0.1:" + port + DropInContract.CONTEXT_ROOT + "/api/orders/4242");
      server.awaitReady(unknownOrder, 404);
      String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

      HttpResponse<String> response = TestEnvironment.HTTP.send(HttpRequest.newBuilder(unknownOrder)
          .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).contains("\"error_code\":4001").contains("\"trace_id\":\"" + traceId + "\"");
      assertThat(server.logLines(WARNING)).as("Traceguard's warnings about WildFly's telemetry").isEqualTo(1);
    }
  }
}
