package com.example.greetings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.junit.jupiter.api.Test;

/**
 * The plain Jersey recipe of docs/getting-started.md run as written, configured by system properties as its comment
 * says: the feature registered on the application, a request gets a SERVER span, and an error answers problem+json.
 */
class JerseyRecipeTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void greet_featureRegistered_tracedAndErrorsAnsweredAsProblemJson() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setProperty("otel.service.name", "greetings");
    System.setProperty("otel.traces.exporter", "console");
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    URI base = URI.create("http://127.0.0.1:" + freePort() + "/");
    HttpServer server = Main.start(base);
    String okTrace;
    String failedTrace;
    try {
      HttpResponse<String> ok = get(base.resolve("greetings/Ada"));
      HttpResponse<String> failed = get(base.resolve("greetings/" + "x".repeat(21)));

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("Hello, Ada");
      okTrace = ok.headers().firstValue("traceresponse").orElseThrow().substring(3, 35);
      assertThat(failed.statusCode()).isEqualTo(400);
      assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      failedTrace = failed.headers().firstValue("traceresponse").orElseThrow().substring(3, 35);
      assertThat(failed.body()).contains("\"trace_id\":\"" + failedTrace + "\"", "Name too long");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> printed.toString(StandardCharsets.UTF_8).contains("trace " + failedTrace));
    } finally {
      server.shutdownNow();
      System.setOut(original);
      System.clearProperty("otel.service.name");
      System.clearProperty("otel.traces.exporter");
    }

    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("trace " + okTrace + " (1 span, greetings)" + System.lineSeparator()
        + "  SERVER GET /greetings/{name} ");
    assertThat(out.substring(out.indexOf("trace " + failedTrace)).lines().skip(1).findFirst()).hasValueSatisfying(
        line -> assertThat(line).startsWith("  SERVER GET /greetings/{name} ")
            .contains("http.response.status_code=400 error=GREET-1"));
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
