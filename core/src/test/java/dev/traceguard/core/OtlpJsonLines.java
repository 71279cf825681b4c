package dev.traceguard.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the lines the {@code file} exporter writes (one OTLP JSON {@code ExportTraceServiceRequest} each) with
 * jackson-core's streaming parser: protobuf-java-util is not on the test classpath, so {@code JsonFormat} cannot
 * parse them into an {@code ExportTraceServiceRequest}. Shared with the drop-in module through core's test jar.
 * Stateless and thread-safe.
 */
public final class OtlpJsonLines {
  private static final JsonFactory FACTORY = new JsonFactory();

  private OtlpJsonLines() {}

  /** Returns true when {@code line} holds exactly one complete JSON object and nothing after it. */
  public static boolean isOneObject(String line) {
    try (JsonParser parser = FACTORY.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /** Returns each span's scalar fields (name, traceId, spanId, parentSpanId, kind, flags, ...) as text, in order. */
  public static List<Map<String, String>> spans(String line) throws IOException {
    List<Map<String, String>> spans = new ArrayList<>();
    try (JsonParser parser = FACTORY.createParser(line)) {
      while (parser.nextToken() != null) {
        if (parser.currentToken() != JsonToken.FIELD_NAME || !"spans".equals(parser.currentName())) {
          continue;
        }
        parser.nextToken(); // the array
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          Map<String, String> span = new LinkedHashMap<>();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken().isScalarValue()) {
              span.put(field, parser.getText());
            } else {
              parser.skipChildren();
            }
          }
          spans.add(span);
        }
      }
    }
    return spans;
  }

  /** Returns the names of the line's spans, in order. */
  public static List<String> names(String line) throws IOException {
    return spans(line).stream().map(span -> span.get("name")).toList();
  }
}
