package dev.traceguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo's start and stop as a user sees them on the console: the development preset printing trees when no
 * exporter is configured, SIGTERM exporting what is still queued, and a bad property stopping the start with a
 * message that names it.
 */
class DemoLifecycleIT {

  @Test
  void sigterm_spansStillQueued_printedAsOneTreeBeforeTheJvmExits() throws Exception {
    // A minute's batch delay: nothing is exported before the SIGTERM, so whatever is printed, the shutdown exported.
    try (DemoProcess demo = DemoProcess.start("demo-lifecycle", Map.of("otel.bsp.schedule.delay", "1m"))) {
      HttpResponse<String> checkout = demo.postJson("/api/checkout",
          "{\"userId\": 1, \"card\": \"4111 1111 1111 1111\", \"amount\": 12.5}", Map.of());
      assertThat(checkout.statusCode()).isEqualTo(200);
      String traceId = checkout.headers().firstValue("traceresponse").orElseThrow().substring(3, 35);
      assertThat(demo.stdout()).contains("No exporter configured").doesNotContain(traceId);

      assertThat(demo.terminate()).isEqualTo(DemoProcess.SIGTERM_STATUS);

      String out = demo.stdout();
      assertThat(out).contains("trace " + traceId + " (8 spans)");
      String tree = out.substring(out.indexOf("trace " + traceId));
      assertThat(tree.lines().skip(1).limit(8))
          .satisfiesExactly(
              line -> assertThat(line).startsWith("  demo-gateway  SERVER  POST /api/checkout  "),
              line -> assertThat(line).startsWith("    demo-gateway  CLIENT  GET  "),
              line -> assertThat(line).startsWith("      demo-users  SERVER  GET /users/{id}  "),
              line -> assertThat(line).startsWith("    demo-gateway  CLIENT  POST  "),
              line -> assertThat(line).startsWith("      demo-payments  SERVER  POST /payments  ")
                  .contains("payment.card=****-****-****-1111"),
              line -> assertThat(line).startsWith("        demo-payments  INTERNAL  AccountDirectory.find  ")
                  .contains("user.id=1"),
              line -> assertThat(line).startsWith("          demo-payments  CLIENT  GET  "),
              line -> assertThat(line).startsWith("            demo-users  SERVER  GET /users/{id}  "));
      // The banner's curl example has the raw number; what the trace printed must not.
      assertThat(tree).doesNotContain("4111 1111 1111 1111");
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
