package dev.traceguard.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The problem+json body: RFC 9457 members, Traceguard's extensions, strings escaped as RFC 8259 requires. */
class ProblemResponseTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final Span SAMPLED = Span.wrap(SpanContext.create(
      TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));

  @Test
  void of_everyMember_inOrderWithStatusAndMediaType() {
    Response response = ProblemResponse.of(404, URI.create("https://errors.example.com/user-not-found"),
        "User not found", "No such user", "/users/42", 1001, "USER", SAMPLED);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getMediaType().toString()).isEqualTo(ProblemResponse.MEDIA_TYPE);
    assertThat(response.getEntity()).isEqualTo("{\"type\":\"https://errors.example.com/user-not-found\","
        + "\"title\":\"User not found\",\"status\":404,\"detail\":\"No such user\",\"instance\":\"/users/42\","
        + "\"error_code\":1001,\"error_domain\":\"USER\",\"trace_id\":\"" + TRACE_ID + "\"}");
  }

  @Test
  void of_noInstanceAndNoValidSpan_bothMembersLeftOut() {
    Response response = ProblemResponse.of(500, ProblemResponse.ABOUT_BLANK, "Internal error", "Failed", null, 1,
        "CORE", Span.getInvalid());

    assertThat(response.getEntity()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Internal error\","
        + "\"status\":500,\"detail\":\"Failed\",\"error_code\":1,\"error_domain\":\"CORE\"}");
  }

  @Test
  void of_charactersJsonMustEscape_escapedAndTheRestCopiedAsTheyAre() {
    String detail = "say \"hi\" \\ path\n\r\t\u0001\u001f end é \u2028 </script>";

    Object entity = ProblemResponse.of(400, ProblemResponse.ABOUT_BLANK, "\"quoted\" title", detail, null, 7,
        "D\\E", Span.getInvalid()).getEntity();

    assertThat(entity).isEqualTo("{\"type\":\"about:blank\",\"title\":\"\\\"quoted\\\" title\",\"status\":400,"
        + "\"detail\":\"say \\\"hi\\\" \\\\ path\\n\\r\\t\\u0001\\u001f end é \u2028 </script>\","
        + "\"error_code\":7,\"error_domain\":\"D\\\\E\"}");
  }

  @Test
  void of_escapeAtTheStartAndTheEnd_noCharacterLostOrRepeated() {
    Object entity = ProblemResponse.of(400, ProblemResponse.ABOUT_BLANK, "\"", "\nx\"", null, 7, "",
        Span.getInvalid()).getEntity();

    assertThat(entity).isEqualTo("{\"type\":\"about:blank\",\"title\":\"\\\"\",\"status\":400,"
        + "\"detail\":\"\\nx\\\"\",\"error_code\":7,\"error_domain\":\"\"}");
  }
}
