package com.example.payments;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The standalone recipe of docs/getting-started.md run as written: Main starts Weld and Jersey on Grizzly, the
 * README's resource answers a declined payment with problem+json, and the console exporter its
 * microprofile-config.properties names prints the trace as a tree; the README's curl command gets the same answer.
 */
class StandaloneRecipeTest {
  private static final Pattern README_CURL = Pattern.compile("`(curl -X POST http://127\\.0\\.0\\.1:8080/payments/7)`");

  @Test
  void pay_declined_answersProblemJsonAndPrintsTheTree() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    String traceId;
    URI base = URI.create("http://127.0.0.1:" + freePort() + "/");
    try (AutoCloseable app = Main.start(base)) {
      URI payments = base.resolve("payments/7");
      HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
          HttpRequest.newBuilder(payments).timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(402);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      traceId = response.headers().firstValue("traceresponse").orElseThrow().substring(3, 35);
      assertThat(response.body()).contains("\"trace_id\":\"" + traceId + "\"");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> printed.toString(StandardCharsets.UTF_8).contains("trace " + traceId));

      // The README's own command, as written but for the port.
      Matcher readme = README_CURL.matcher(Files.readString(Path.of("..", "..", "README.md"), StandardCharsets.UTF_8));
      assertThat(readme.find()).as("the README's curl command").isTrue();
      Process curl = new ProcessBuilder("sh", "-c",
          readme.group(1).replace("127.0.0.1:8080/", base.getAuthority() + "/") + " -s -w '\\n%{http_code}'")
          .redirectErrorStream(true).start();
      String answered = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(answered).contains("\"trace_id\":").endsWith("\n402");
    } finally {
      System.setOut(original);
    }

    String out = printed.toString(StandardCharsets.UTF_8);
    assertThat(out.substring(out.indexOf("trace " + traceId)).lines().limit(3)).satisfiesExactly(
        line -> assertThat(line).isEqualTo("trace " + traceId + " (2 spans, payments)"),
        line -> assertThat(line).startsWith("  SERVER POST /payments/{user} ")
            .contains(" UNSET http.response.status_code=402 error=PAY-2001"),
        line -> assertThat(line).startsWith("    INTERNAL PaymentService.charge ").contains(" ERROR ",
            "payment.user_id=7", "exception=TraceguardException: The card of user 7 was declined"));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
