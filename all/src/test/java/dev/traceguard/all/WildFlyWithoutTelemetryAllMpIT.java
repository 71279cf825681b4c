package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code traceguard-all-mp} on a server that gives the application no OpenTelemetry at all (WildFly's default {@code
 * standalone.xml}, no MicroProfile Telemetry): the wrong jar for the server. Traceguard must say so in one WARNING
 * naming the server, and the application must still deploy and answer, its own client calls included.
 */
class WildFlyWithoutTelemetryAllMpIT {
  private static final String WARNING = "Traceguard: traceguard-all-mp traces with the server's MicroProfile"
      + " Telemetry, but WildFly gives this application no OpenTelemetry SDK";

  @Test
  void noOpenTelemetryOnTheServer_oneWarningNamingWildFly_andTheApplicationAnswers() throws Exception {
    Path testClasses = Path.of(TestEnvironment.property("sample.classes"));
    Path work = TestEnvironment.workDir(getClass());
    Path war = SampleWar.build(work.resolve("sample.war"), testClasses,
        Path.of(TestEnvironment.property("sample.war.dir")), Path.of(TestEnvironment.property("traceguard.all-mp.jar")),
        Map.of("otel.service.name", "wildfly-without-telemetry"));
    int port = TestEnvironment.freePort();
    String base = "http://127.0.0.1:" + port + DropInContract.CONTEXT_ROOT + "/api";

    try (ServerProcess server = WildFly.start(Path.of(TestEnvironment.property("wildfly.home")), war, port, work)) {
      server.awaitReady(URI.create(base + "/orders/1"), 200);

      assertThat(get(base + "/orders/1").body()).startsWith("order 1");
      HttpResponse<String> chained = get(base + "/chain/2");
      assertThat(chained.statusCode()).isEqualTo(200);
      assertThat(chained.body()).startsWith("200 order 2");
      assertThat(server.logLines(WARNING)).as("Traceguard's warnings").isEqualTo(1);
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return TestEnvironment.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
