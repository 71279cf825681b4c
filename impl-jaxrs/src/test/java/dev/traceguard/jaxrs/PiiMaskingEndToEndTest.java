package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import jakarta.ws.rs.GET;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;

import java.time.Duration;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * Personal data in the path, the query, headers, an exception message and a span attribute of a real HTTP request:
 * the spans written by the file exporter contain none of the raw values.
 */
class PiiMaskingEndToEndTest extends RuntimeJerseyTest {
  private static final String EMAIL = "alice.smith@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String SSN = "123-45-6789";
  private static final String PHONE = "+1 (415) 555-0132";
  private static final String QUERY_TOKEN = "q8Zt3kLmN0pQ";
  private static final String BEARER = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNlY3JldA";
  private static final String API_KEY = "ak_live_7dF9s8QwErTy";

  private java.nio.file.Path file;

  enum CustomerError implements ErrorCode {
    NOT_FOUND;

    @Override
    public int code() {
      return 2001;
    }

    @Override
    public String domain() {
      return "CUSTOMER";
    }

    @Override
    public int httpStatus() {
      return 404;
    }

    @Override
    public String title() {
      return "Customer not found";
    }
  }

  @jakarta.ws.rs.Path("/customers")
  public static class CustomerResource {
    @GET
    @jakarta.ws.rs.Path("/{email}")
    public Response find(@PathParam("email") String email, @QueryParam("phone") String phone) {
      Span.current().setAttribute("payment.card", CARD);
      throw new TraceguardException(CustomerError.NOT_FOUND, "No such customer",
          "no customer " + email + " (phone " + phone + ", ssn " + SSN + ")", null);
    }
  }

  @Override
  TracingRuntime startRuntime(int containerPort) {
    file = spansFile("traceguard-pii");
    return TracingRuntime.create(TracingConfig.builder()
        .setServiceName("pii-e2e")
        .setExporters(List.of("file"))
        .setFilePath(file)
        .setServerRequestHeaders(List.of("Authorization", "X-Api-Key", "X-Customer-Email", "baggage"))
        .build()).start();
  }

  @Override
  ResourceConfig application(TracingRuntime runtime) {
    return new ResourceConfig(CustomerResource.class).register(new TraceguardFeature(runtime));
  }

  @Test
  void request_fullOfPersonalData_exportedSpansHoldNoneOfIt() throws Exception {
    Response response = target("customers").path(EMAIL)
        .queryParam("phone", PHONE)
        .queryParam("token", QUERY_TOKEN)
        .request()
        .header("Authorization", "Bearer " + BEARER)
        .header("X-Api-Key", API_KEY)
        .header("X-Customer-Email", EMAIL)
        .get();
    assertThat(response.getStatus()).isEqualTo(404);
    // The problem's instance echoes the path to the caller who sent it; the internal message never leaves.
    assertThat(response.readEntity(String.class)).doesNotContain(SSN).doesNotContain(PHONE);

    runtime.forceFlush(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.size(file) > 0);
    String exported = Files.readString(file);

    assertThat(exported)
        .contains("\"CUSTOMER\"")            // the span is there, with its exception event...
        .contains("\"exception\"")
        .contains("a***@example.com")          // ...and the masked forms of what it carried
        .contains("****-****-****-1111")
        .contains("***-**-****")
        .contains("[REDACTED]");
    for (String raw : List.of(EMAIL, "alice.smith%40example.com", CARD, "4111111111111111", SSN, "555-0132",
        QUERY_TOKEN, BEARER, API_KEY)) {
      assertThat(exported).as("raw value %s", raw).doesNotContain(raw);
    }
  }

  @Test
  void request_personalDataInPathTraceStateAndBaggage_exportedMasked() throws Exception {
    Response response = target("customers").path("4111111111111111")
        .request()
        .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .header("tracestate", "tg=card:4111-1111-1111-1111,other=ok")
        .header("baggage", "user=bob.jones%40example.com,ssn=123-45-6789")
        .get();
    assertThat(response.getStatus()).isEqualTo(404);

    runtime.forceFlush(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.size(file) > 0);
    String exported = Files.readString(file);

    assertThat(exported)
        .contains("0af7651916cd43dd8448eb211c80319c")        // the caller's trace, continued
        .contains("/customers/****-****-****-1111")          // url.path, masked segment by segment
        .contains("other=ok")                                // the trace state kept, its values masked
        .contains("b***@example.com");                       // baggage header decoded and masked
    for (String raw : List.of("4111111111111111", "4111-1111-1111-1111", "bob.jones", SSN)) {
      assertThat(exported).as("raw value %s", raw).doesNotContain(raw);
    }
  }
}
