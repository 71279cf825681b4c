package com.example.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.all.PayaraMicro;
import dev.traceguard.all.ServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAR recipe of docs/getting-started.md (the README's quick start with the drop-in jar) deployed on Payara Micro
 * as built: a declined payment answers problem+json with its trace id, and the console exporter the recipe
 * configures prints the trace as a tree in the server's output.
 */
class PaymentsWarIT {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();

  private static ServerProcess payara;
  private static URI payments;

  @BeforeAll
  static void deploy() throws Exception {
    Path work = Path.of("target", "payara-it").toAbsolutePath();
    Files.createDirectories(work);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    payments = URI.create("http://127.0.0.1:" + port + "/payments/api/payments/7");
    payara = PayaraMicro.start(Path.of(System.getProperty("payara.micro.jar")),
        Path.of(System.getProperty("recipe.war")), port, work);
    payara.awaitReady(payments, 405); // GET on a POST route: deployed
  }

  @AfterAll
  static void stop() {
    if (payara != null) {
      payara.close();
    }
  }

  @Test
  void pay_declined_answersProblemJsonAndPrintsTheTree() throws Exception {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(payments).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(402);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    String traceId = response.headers().firstValue("traceresponse").orElseThrow().substring(3, 35);
    assertThat(response.body()).contains("\"trace_id\":\"" + traceId + "\"", "Payment declined");

    await().atMost(Duration.ofSeconds(30)).until(() -> payara.log().contains("trace " + traceId));
    String tree = payara.log().substring(payara.log().indexOf("trace " + traceId));
    assertThat(tree).contains("(2 spans, payments)");
    assertThat(tree.lines().skip(1).limit(2)).satisfiesExactly(
        // A 4xx is the client's error: the SERVER span's status stays UNSET, its error code is recorded.
        line -> assertThat(line).startsWith("  SERVER POST /payments/api/payments/{user} ")
            .contains(" UNSET http.response.status_code=402 error=PAY-2001"),
        line -> assertThat(line).startsWith("    INTERNAL PaymentService.charge ").contains(" ERROR ",
            "payment.user_id=7", "exception=TraceguardException: The card of user 7 was declined"));
  }
}
