package dev.traceguard.jaxrs.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Writes RFC 9457 {@code application/problem+json} bodies with Traceguard's extension members {@code error_code},
 * {@code error_domain} and {@code trace_id}. The JSON is written by hand so that no JSON provider is needed.
 */
final class ProblemResponse {
  static final String MEDIA_TYPE = "application/problem+json";
  /** Built once: a media type given as a string is parsed on every response. */
  private static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");
  /** The problem type of every problem that has no type of its own. */
  static final URI ABOUT_BLANK = URI.create("about:blank");

  private ProblemResponse() {}

  static Response of(
      int status, URI type, String title, String detail, @Nullable String instance, int errorCode,
      String errorDomain, Span span) {
    StringBuilder json = new StringBuilder(256).append('{');
    member(json, "type", type.toString()).append(',');
    member(json, "title", title).append(',');
    json.append("\"status\":").append(status).append(',');
    member(json, "detail", detail).append(',');
    if (instance != null) {
      member(json, "instance", instance).append(',');
    }
    json.append("\"error_code\":").append(errorCode).append(',');
    member(json, "error_domain", errorDomain);
    SpanContext context = span.getSpanContext();
    if (context.isValid()) {
      json.append(',');
      member(json, "trace_id", context.getTraceId());
    }
    json.append('}');
    return Response.status(status).type(PROBLEM_JSON).entity(json.toString()).build();
  }

  private static StringBuilder member(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":\"");
    int plain = 0; // value[plain, i) needs no escape and is not copied yet: copied in one append, not char by char
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      json.append(value, plain, i);
      plain = i + 1;
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> json.append(String.format("\\u%04x", (int) c));
      }
    }
    return json.append(value, plain, value.length()).append('"');
  }
}
