package dev.traceguard.examples;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The spans in an OTLP-JSON lines file (the {@code file} exporter's output), read as JSON, nothing assumed. */
final class ExportedSpans {
  private ExportedSpans() {}

  /** One exported span: its service, ids, name, kind and attributes as OTLP JSON has them. */
  record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
      JsonArray attributes, JsonArray events, int statusCode) {

    Optional<String> attribute(String key) {
      return value(attributes, key);
    }

    Optional<String> eventAttribute(String event, String key) {
      return events.stream().map(JsonValue::asJsonObject)
          .filter(e -> e.getString("name").equals(event))
          .findFirst()
          .flatMap(e -> value(e.getJsonArray("attributes"), key));
    }

    private static Optional<String> value(JsonArray attributes, String key) {
      return attributes.stream().map(JsonValue::asJsonObject)
          .filter(a -> a.getString("key").equals(key))
          .findFirst()
          .map(a -> a.getJsonObject("value"))
          .map(v -> v.containsKey("stringValue") ? v.getString("stringValue") : v.get(v.keySet().iterator().next())
              .toString().replace("\"", ""));
    }
  }

  static List<Span> read(Path file) throws IOException {
    List<Span> spans = new ArrayList<>();
    if (!Files.exists(file)) {
      return spans;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject request;
      try (JsonReader reader = Json.createReader(new StringReader(line))) {
        request = reader.readObject();
      }
      for (JsonValue resourceSpans : request.getJsonArray("resourceSpans")) {
        JsonObject resource = resourceSpans.asJsonObject();
        String service = Span.value(resource.getJsonObject("resource").getJsonArray("attributes"), "service.name")
            .orElse("");
        for (JsonValue scopeSpans : resource.getJsonArray("scopeSpans")) {
          for (JsonValue value : scopeSpans.asJsonObject().getJsonArray("spans")) {
            JsonObject span = value.asJsonObject();
            spans.add(new Span(service, span.getString("traceId"), span.getString("spanId"),
                span.getString("parentSpanId", ""), span.getString("name"), span.getInt("kind"),
                span.getJsonArray("attributes"), span.getJsonArray("events"),
                span.getJsonObject("status").getInt("code", 0)));
          }
        }
      }
    }
    return spans;
  }

  static List<Span> ofTrace(List<Span> spans, String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).collect(Collectors.toList());
  }
}
