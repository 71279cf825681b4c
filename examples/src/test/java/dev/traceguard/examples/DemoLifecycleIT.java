package dev.traceguard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's start and stop as a user sees them on the console: the development preset printing each service's
 * trees when no exporter is configured, SIGTERM exporting what is still queued, and a bad property stopping the start with a
 * message that names it.
 */
class DemoLifecycleIT {

  @Test
  void checkout_noExporterConfigured_eachServicePrintsItsTree() throws Exception {
    try (DemoProcess demo = DemoProcess.start("demo-console", Map.of())) {
      HttpResponse<String> checkout = demo.postJson("/api/checkout",
          "{\"userId\": 1, \"card\": \"4111 1111 1111 1111\", \"amount\": 12.5}", Map.of());
      assertThat(checkout.statusCode()).isEqualTo(200);
      String traceId = checkout.headers().firstValue("traceresponse").orElseThrow().substring(3, 35);

      // The console exporter prints a service's part of the trace when its local root ends: the gateway's last.
      String gatewayHeader = "trace " + traceId + " (3 spans, demo-gateway)";
      await().atMost(Duration.ofSeconds(10)).until(() -> demo.stdout().contains(gatewayHeader));
      String out = demo.stdout();
      assertThat(out).contains("No exporter configured");
      assertThat(tree(out, gatewayHeader)).satisfiesExactly(
          line -> assertThat(line).startsWith("  SERVER POST /api/checkout ").contains(" http.response.status_code=200"),
          line -> assertThat(line).startsWith("    CLIENT GET "),
          line -> assertThat(line).startsWith("    CLIENT POST "));
      assertThat(tree(out, "trace " + traceId + " (3 spans, demo-payments)")).satisfiesExactly(
          line -> assertThat(line).startsWith("  SERVER POST /payments ")
              .contains("payment.card=****-****-****-1111"),
          line -> assertThat(line).startsWith("    INTERNAL AccountDirectory.find ").contains("user.id=1"),
          line -> assertThat(line).startsWith("      CLIENT GET "));
      assertThat(out.split("trace " + traceId + " \\(1 span, demo-users\\)", -1)).hasSize(3);
      // The banner's curl example has the raw number; what the traces printed must not.
      assertThat(out.substring(out.indexOf("trace " + traceId))).doesNotContain("4111 1111 1111 1111");
    }
  }

  private static List<String> tree(String out, String header) {
    assertThat(out).contains(header);
    return out.substring(out.indexOf(header)).lines().skip(1).takeWhile(line -> line.startsWith("  ")).toList();
  }

  @Test
  void sigterm_spansStillQueued_exportedBeforeTheJvmExits(@TempDir Path dir) throws Exception {
    Path spans = dir.resolve("spans.jsonl");
    // A minute's batch delay: nothing is exported before the SIGTERM, so whatever is in the file, the shutdown wrote.
    try (DemoProcess demo = DemoProcess.start("demo-lifecycle", Map.of("otel.bsp.schedule.delay", "1m",
        "otel.traces.exporter", "file", "traceguard.exporter.file.path", spans.toString()))) {
      HttpResponse<String> checkout = demo.postJson("/api/checkout",
          "{\"userId\": 1, \"card\": \"4111 1111 1111 1111\", \"amount\": 12.5}", Map.of());
      assertThat(checkout.statusCode()).isEqualTo(200);
      String traceId = checkout.headers().firstValue("traceresponse").orElseThrow().substring(3, 35);
      assertThat(ExportedSpans.ofTrace(ExportedSpans.read(spans), traceId)).isEmpty();

      assertThat(demo.terminate()).isEqualTo(DemoProcess.SIGTERM_STATUS);

      assertThat(ExportedSpans.ofTrace(ExportedSpans.read(spans), traceId)).hasSize(8);
    }
  }

  @Test
  void start_invalidDemoPort_exitsWith2NamingTheProperty() throws Exception {
    try (DemoProcess demo = DemoProcess.launch("demo-bad-port", 65534, Map.of())) {
      assertThat(demo.awaitExit()).isEqualTo(2);
      assertThat(demo.stderr()).contains(
          "demo.port='65534': must be a whole number from 1 to 65533 (the demo listens on it and on the next two"
              + " ports)");
    }
  }

  @Test
  void start_invalidTraceguardProperty_exitsWith2NamingTheProperty() throws Exception {
    try (DemoProcess demo = DemoProcess.launch("demo-bad-sampler", Map.of("otel.traces.sampler", "sometimes"))) {
      assertThat(demo.awaitExit()).isEqualTo(2);
      assertThat(demo.stderr()).contains("traceguard-demo: invalid configuration:", "otel.traces.sampler",
          "sometimes");
      assertThat(demo.stdout()).doesNotContain("Traceguard demo: three services");
    }
  }
}
