package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.test.JerseyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server side over real HTTP: Jersey on Grizzly, bound to 127.0.0.1, exporting to memory. */
class TraceguardFeatureTest extends LoopbackJerseyTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  private InMemorySpanExporter exporter;
  private TracingRuntime runtime;

  @Override
  protected Application configure() {
    useFreePort();
    exporter = InMemorySpanExporter.create();
    runtime = TracingRuntime.create(
        TracingConfig.builder().setServiceName("jaxrs-test").setExporters(List.of())
            .setScheduleDelay(Duration.ofMillis(20))
            .setServerRequestHeaders(List.of("X-Request-Id", "Accept-Language"))
            .setServerResponseHeaders(List.of("Content-Type"))
            .build(),
        List.of(exporter)).start();
    return new ResourceConfig(TestResources.UserResource.class, TestResources.HealthResource.class,
        TestResources.OrderResource.class, TestResources.AppSpecificMapper.class, TestResources.ShopResource.class)
        .register(new TraceguardFeature(runtime));
  }


  // JerseyTest's own setUp/tearDown are JUnit 5 lifecycle methods: the server starts and stops around each test.
  @AfterEach
  void stopRuntime() {
    runtime.shutdown(Duration.ofSeconds(5));
  }

  private List<SpanData> spans(int expected) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      runtime.forceFlush(Duration.ofSeconds(5));
      return exporter.getFinishedSpanItems().size() >= expected;
    });
    return exporter.getFinishedSpanItems();
  }

  private SpanData onlyServerSpan() {
    List<SpanData> spans = spans(1);
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getKind()).isEqualTo(SpanKind.SERVER);
    return spans.get(0);
  }

  @Test
  void get_matchedRoute_serverSpanWithHttpAttributes() {
    Response response = target("users/42").queryParam("view", "full").request()
        .header("User-Agent", "traceguard-test/1.0")
        .header("X-Forwarded-For", "203.0.113.7, 10.0.0.1")
        .get();

    assertThat(response.getStatus()).isEqualTo(200);
    SpanData span = onlyServerSpan();
    assertThat(span.getName()).isEqualTo("GET /users/{id}");
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_ROUTE)).isEqualTo("/users/{id}");
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_REQUEST_METHOD)).isEqualTo("GET");
    assertThat(span.getAttributes().get(TraceguardAttributes.URL_PATH)).isEqualTo("/users/42");
    assertThat(span.getAttributes().get(TraceguardAttributes.URL_QUERY)).isEqualTo("view=full");
    assertThat(span.getAttributes().get(TraceguardAttributes.URL_SCHEME)).isEqualTo("http");
    assertThat(span.getAttributes().get(TraceguardAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(span.getAttributes().get(TraceguardAttributes.SERVER_PORT)).isEqualTo((long) getPort());
    assertThat(span.getAttributes().get(TraceguardAttributes.USER_AGENT_ORIGINAL)).isEqualTo("traceguard-test/1.0");
    assertThat(span.getAttributes().get(TraceguardAttributes.CLIENT_ADDRESS)).isEqualTo("203.0.113.7");
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    // The SDK marks its trace ids random (W3C Level 2 flag 0x02) besides sampled (0x01).
    assertThat(response.getHeaderString("traceresponse")).isEqualTo("00-" + span.getTraceId() + "-"
        + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
    assertThat(span.getSpanContext().getTraceFlags().isSampled()).isTrue();
  }

  @Test
  void get_capturedHeaders_recordedAsLowerCaseStringArrays() {
    Response response = target("users/3").request()
        .header("X-Request-Id", "req-1")
        .header("Accept-Language", "ko")
        .header("Accept-Language", "en")
        .get();

    assertThat(response.getStatus()).isEqualTo(200);
    SpanData span = onlyServerSpan();
    assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.x-request-id")))
        .containsExactly("req-1");
    assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.accept-language")))
        .containsExactly("ko,en");
    assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("http.response.header.content-type")))
        .containsExactly(response.getHeaderString("Content-Type"));
  }

  @Test
  void get_incomingTraceparent_continuesTheCallersTrace() {
    Response response = target("users/7").request()
        .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01")
        .header("tracestate", "vendor=a")
        .get();

    assertThat(response.getStatus()).isEqualTo(200);
    SpanData span = onlyServerSpan();
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(span.getParentSpanContext().isRemote()).isTrue();
    assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("a");
  }

  @Test
  void get_interfaceDeclaredPath_routeFromTheInterface() {
    assertThat(target("orders/7").request().get().getStatus()).isEqualTo(200);

    SpanData span = onlyServerSpan();
    assertThat(span.getName()).isEqualTo("GET /orders/{orderId}");
  }

  @Test
  void get_throughSubResourceLocator_routeJoinsEveryTemplate() {
    assertThat(target("shops/s1/items/i9").request().get(String.class)).isEqualTo("s1/i9");

    SpanData span = onlyServerSpan();
    assertThat(span.getName()).isEqualTo("GET /shops/{shopId}/items/{itemId}");
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_ROUTE)).isEqualTo("/shops/{shopId}/items/{itemId}");
  }

  @Test
  void get_regexParameter_routeKeepsTheDeclaredTemplate() {
    assertThat(target("users/files/abc").request().get().getStatus()).isEqualTo(200);

    assertThat(onlyServerSpan().getAttributes().get(TraceguardAttributes.HTTP_ROUTE))
        .isEqualTo("/users/files/{name: [a-z]+}");
  }

  @Test
  void get_skippedPath_noSpanNoTraceresponse() {
    Response response = target("health").request().get();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeaderString("traceresponse")).isNull();
    runtime.forceFlush(Duration.ofSeconds(5));
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void get_sameRouteTwiceAndHead_eachSpanNamedForItsMethod() {
    assertThat(target("users/1").request().get().getStatus()).isEqualTo(200);
    assertThat(target("users/2").request().get().getStatus()).isEqualTo(200);
    assertThat(target("users/3").request().head().getStatus()).isEqualTo(200);

    assertThat(spans(3)).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("GET /users/{id}", "GET /users/{id}", "HEAD /users/{id}");
  }

  @Test
  void get_traceguardException_problemJsonWithTraceIdAndRecordedError() {
    Response response = target("users/5000").request().get();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    SpanData span = onlyServerSpan();
    assertThat(response.readEntity(String.class)).isEqualTo("{\"type\":\"about:blank\",\"title\":\"User not found\","
        + "\"status\":404,\"detail\":\"No such user\",\"instance\":\"/users/5000\",\"error_code\":1001,"
        + "\"error_domain\":\"USER\",\"trace_id\":\"" + span.getTraceId() + "\"}");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_CODE)).isEqualTo(1001L);
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_DOMAIN)).isEqualTo("USER");
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE))
        .isEqualTo("dev.traceguard.api.TraceguardException");
    assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("exception");
  }

  @Test
  void get_unexpectedException_500WithGenericDetailAndErrorStatus() {
    Response response = target("users/boom").request().get();

    assertThat(response.getStatus()).isEqualTo(500);
    String body = response.readEntity(String.class);
    SpanData span = onlyServerSpan();
    assertThat(body).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,"
        + "\"detail\":\"The server could not complete the request.\",\"instance\":\"/users/boom\","
        + "\"error_code\":1,\"error_domain\":\"TRACEGUARD\",\"trace_id\":\"" + span.getTraceId() + "\"}");
    assertThat(body).doesNotContain("alice").doesNotContain("password");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE)).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void get_unknownPath_404ProblemJsonSpanNamedByMethodOnly() {
    Response response = target("no/such/path").request().get();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    SpanData span = onlyServerSpan();
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_ROUTE)).isNull();
    assertThat(response.readEntity(String.class)).contains("\"error_code\":404,\"error_domain\":\"HTTP\"");
  }

  @Test
  void get_webApplicationExceptionWithEntity_keepsItsOwnResponse() {
    // JAX-RS answers such an exception with its response directly, without asking any mapper.
    Response response = target("users/conflict").request().get();

    assertThat(response.getStatus()).isEqualTo(409);
    assertThat(response.readEntity(String.class)).isEqualTo("custom conflict body");
    SpanData span = onlyServerSpan();
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(409L);
    // Seen through Jersey's request events, since no mapper ran.
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE))
        .isEqualTo("jakarta.ws.rs.WebApplicationException");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void get_webApplicationExceptionWithoutEntity_problemJsonWithItsStatus() {
    Response response = target("users/gone").request().get();

    assertThat(response.getStatus()).isEqualTo(404);
    SpanData span = onlyServerSpan();
    assertThat(response.readEntity(String.class)).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\","
        + "\"status\":404,\"detail\":\"Not Found\",\"instance\":\"/users/gone\",\"error_code\":404,"
        + "\"error_domain\":\"HTTP\",\"trace_id\":\"" + span.getTraceId() + "\"}");
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE)).isEqualTo("jakarta.ws.rs.NotFoundException");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void get_applicationMapperMoreSpecific_applicationMapperWins() {
    Response response = target("users/teapot").request().get();

    assertThat(response.getStatus()).isEqualTo(418);
    assertThat(response.readEntity(String.class)).isEqualTo("app mapper");
    SpanData span = onlyServerSpan();
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(418L);
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE))
        .isEqualTo(TestResources.AppSpecificException.class.getName());
    assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void get_garbageTraceHeaders_healthyResourceAlwaysAnswers200() {
    Random random = new Random(20261121);
    for (int i = 0; i < 150; i++) {
      Invocation.Builder request = target("users/1").request();
      // Within Grizzly's 8 KB header limit, which answers before Traceguard could; the 1 MB and 1,000-times
      // cases run in-process in TraceguardFeatureHostileHeadersTest, where no container limit applies.
      int repeats = i % 10 == 0 ? 20 : 1 + random.nextInt(3);
      for (int r = 0; r < repeats; r++) {
        request.header("traceparent", garbage(random, 60));
        request.header("tracestate", garbage(random, 60));
        request.header("baggage", garbage(random, 60));
      }

      assertThat(request.get().getStatus()).as("request %d", i).isEqualTo(200);
    }
  }

  /** Printable garbage (HTTP clients refuse control characters), often shaped like the real headers. */
  static String garbage(Random random, int maxLength) {
    String alphabet = "0123456789abcdefABCDEF-=,;%:/ \t@!~xyzff00";
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString().trim().isEmpty() ? "x" : text.toString().trim();
  }
}
