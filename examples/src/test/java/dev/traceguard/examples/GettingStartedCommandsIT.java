package dev.traceguard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.core.OtlpHttpReceiver;
import dev.traceguard.core.ZipkinServer;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The commands docs/getting-started.md tells a newcomer to run, run as written from the repository's root: the curl
 * commands against the demo, each answering the status its comment names (or 200), and the demo's own command lines
 * for Zipkin and OTLP, against a real Zipkin server and a real OTLP/HTTP receiver. Only what a test must change is
 * changed: the ports (the test's free ones), and for Zipkin the endpoint (the command relies on its default,
 * localhost:9411). The page cannot promise what the demo does not do.
 */
class GettingStartedCommandsIT {
  private static final String PAGE = "getting-started.md";
  private static final Pattern STATUS_COMMENT = Pattern.compile("#\\s*(\\d{3})\\b");
  private static final Pattern TRACE_ID = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-0[0-3]");
  private static final Duration EXPORTED = Duration.ofSeconds(30);
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void tryItCommands_runAgainstTheDemo_answerWhatThePageSays() throws Exception {
    List<String> commands = DocCommands.after(PAGE, "Try it from another terminal:");
    assertThat(commands).hasSize(5);
    try (DemoProcess demo = DemoProcess.start("demo-getting-started", Map.of())) {
      for (String command : commands) {
        Matcher comment = STATUS_COMMENT.matcher(command);
        int expected = comment.find() ? Integer.parseInt(comment.group(1)) : 200;
        String line = DocCommands.withoutComment(command).replace("127.0.0.1:8080", "127.0.0.1:" + demo.port);

        Process curl = new ProcessBuilder("sh", "-c", line + " -w '\\n%{http_code}'").redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(curl.exitValue()).as("%s%n%s", line, out).isZero();
        assertThat(out.substring(out.lastIndexOf('\n') + 1)).as("%s%n%s", line, out).isEqualTo(Integer.toString(expected));
        if (expected >= 400) {
          assertThat(out).as(line).contains("\"trace_id\"");
        }
      }
    }
  }

  @Test
  void exportCommands_runAsWritten_sendTheTraceToZipkinAndToOtlp() throws Exception {
    List<String> commands = DocCommands.after(PAGE, "start one on your machine and point the demo at it:");
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).contains("-Dotel.traces.exporter=zipkin");
    assertThat(commands.get(1)).contains("-Dotel.traces.exporter=otlp", "http://localhost:4318");

    try (ZipkinServer zipkin = ZipkinServer.onFreePort()) {
      zipkin.start();
      int port = DemoProcess.freePortTriple();
      String line = asTest(commands.get(0), port, "-Dotel.exporter.zipkin.endpoint=" + zipkin.endpoint());
      try (DemoProcess demo = DemoProcess.startShell("demo-zipkin-command", port, line, DocCommands.ROOT)) {
        String traceId = userTrace(demo);
        await().atMost(EXPORTED).untilAsserted(() -> assertThat(zipkin.trace(traceId))
            .extracting(ZipkinServer.ZipkinSpan::serviceName).contains("demo-gateway", "demo-users"));
        assertThat(demo.terminate()).isEqualTo(DemoProcess.SIGTERM_STATUS);
      }
    }

    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort())) {
      int port = DemoProcess.freePortTriple();
      String line = asTest(commands.get(1), port, "")
          .replace("http://localhost:4318", receiver.endpoint());
      try (DemoProcess demo = DemoProcess.startShell("demo-otlp-command", port, line, DocCommands.ROOT)) {
        String traceId = userTrace(demo);
        await().atMost(EXPORTED).untilAsserted(() -> assertThat(servicesOf(receiver, traceId))
            .contains("demo-gateway", "demo-users"));
        assertThat(demo.terminate()).isEqualTo(DemoProcess.SIGTERM_STATUS);
      }
    }
  }

  /**
   * The page's command with the test's JVM, the demo on {@code port} and {@code extra} options, run by {@code exec}
   * so that SIGTERM reaches the JVM.
   */
  private static String asTest(String command, int port, String extra) {
    String line = DocCommands.withoutComment(command);
    assertThat(line).startsWith("java ");
    return "exec '" + JAVA + "' -Xmx256m -Ddemo.port=" + port + " " + extra + " " + line.substring("java ".length());
  }

  /** GETs a known user through the gateway and returns the trace id it answers in {@code traceresponse}. */
  private static String userTrace(DemoProcess demo) throws Exception {
    HttpResponse<String> response = demo.get("/api/users/42", Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    Matcher traceresponse = TRACE_ID.matcher(response.headers().firstValue("traceresponse").orElse(""));
    assertThat(traceresponse.matches()).as("traceresponse in %s", response.headers().map()).isTrue();
    return traceresponse.group(1);
  }

  /** The {@code service.name} of every resource that sent a span of {@code traceId}. */
  private static List<String> servicesOf(OtlpHttpReceiver receiver, String traceId) {
    return receiver.resourceSpans().stream()
        .filter(spans -> spans.getScopeSpansList().stream().flatMap(scope -> scope.getSpansList().stream())
            .anyMatch(span -> HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals(traceId)))
        .map(GettingStartedCommandsIT::serviceName)
        .toList();
  }

  private static String serviceName(ResourceSpans spans) {
    return spans.getResource().getAttributesList().stream()
        .filter(attribute -> attribute.getKey().equals("service.name"))
        .map(attribute -> attribute.getValue().getStringValue())
        .findFirst().orElse("");
  }
}
