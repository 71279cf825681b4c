package dev.traceguard.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes spans as one OTLP JSON {@code ExportTraceServiceRequest} line, as OpenTelemetry's own marshaler does
 * (fields in protobuf order, zero counts and empty strings left out, lists and status always written, ids in hex,
 * 64-bit integers as strings, enums as numbers).
 *
 * <p>Why not that marshaler: {@code traceguard-all-mp} writes the {@code file} exporter's lines on the server's SDK,
 * and servers give applications no {@code opentelemetry-exporter-logging-otlp} (WildFly 39 has none; its SDK,
 * 1.48, also lacks the internal classes a newer marshaler needs). Only that case uses this writer; {@link
 * OtlpJsonFileSpanExporter} takes OpenTelemetry's own wherever it is there. {@code OtlpJsonTest} holds the two to
 * the same bytes. Stateless.
 */
final class OtlpJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private OtlpJson() {}

  /** Appends the request for {@code spans}, grouped by resource and scope, and a newline, to {@code out}. */
  static void writeLine(Collection<SpanData> spans, StringBuilder out) {
    // Grouped by identity, as the SDK's marshaler groups them: an SDK shares one resource and one scope object among
    // its spans. Neither orders the groups.
    Map<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> grouped = new IdentityHashMap<>();
    for (SpanData span : spans) {
      grouped.computeIfAbsent(span.getResource(), r -> new IdentityHashMap<>())
          .computeIfAbsent(span.getInstrumentationScopeInfo(), s -> new ArrayList<>())
          .add(span);
    }
    out.append("{\"resourceSpans\":[");
    boolean firstResource = true;
    for (Map.Entry<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> resource : grouped.entrySet()) {
      out.append(firstResource ? "" : ",").append("{\"resource\":{");
      firstResource = false;
      attributes(resource.getKey().getAttributes(), out, false);
      out.append("},\"scopeSpans\":[");
      boolean firstScope = true;
      for (Map.Entry<InstrumentationScopeInfo, List<SpanData>> scope : resource.getValue().entrySet()) {
        out.append(firstScope ? "" : ",").append("{\"scope\":{");
        firstScope = false;
        InstrumentationScopeInfo info = scope.getKey();
        out.append("\"name\":");
        string(info.getName(), out);
        if (info.getVersion() != null) {
          out.append(",\"version\":");
          string(info.getVersion(), out);
        }
        attributes(info.getAttributes(), out, true);
        out.append("},\"spans\":[");
        boolean firstSpan = true;
        for (SpanData span : scope.getValue()) {
          out.append(firstSpan ? "" : ",");
          firstSpan = false;
          span(span, out);
        }
        out.append(']');
        schemaUrl(info.getSchemaUrl(), out);
        out.append('}');
      }
      out.append(']');
      schemaUrl(resource.getKey().getSchemaUrl(), out);
      out.append('}');
    }
    out.append("]}\n");
  }

  private static void span(SpanData span, StringBuilder out) {
    SpanContext context = span.getSpanContext();
    out.append("{\"traceId\":\"").append(context.getTraceId()).append("\",\"spanId\":\"").append(context.getSpanId())
        .append('"');
    traceState(context.getTraceState(), out);
    if (span.getParentSpanContext().isValid()) {
      out.append(",\"parentSpanId\":\"").append(span.getParentSpanId()).append('"');
    }
    out.append(",\"name\":");
    string(span.getName(), out);
    out.append(",\"kind\":").append(span.getKind().ordinal() + 1);
    out.append(",\"startTimeUnixNano\":\"").append(Long.toUnsignedString(span.getStartEpochNanos()))
        .append("\",\"endTimeUnixNano\":\"").append(Long.toUnsignedString(span.getEndEpochNanos())).append('"');
    attributes(span.getAttributes(), out, true);
    dropped("droppedAttributesCount", span.getTotalAttributeCount() - span.getAttributes().size(), out);
    events(span, out);
    dropped("droppedEventsCount", span.getTotalRecordedEvents() - span.getEvents().size(), out);
    links(span, out);
    dropped("droppedLinksCount", span.getTotalRecordedLinks() - span.getLinks().size(), out);
    status(span.getStatus(), out);
    flags(context, span.getParentSpanContext().isRemote(), out);
    out.append('}');
  }

  private static void events(SpanData span, StringBuilder out) {
    out.append(",\"events\":[");
    boolean first = true;
    for (EventData event : span.getEvents()) {
      out.append(first ? "{" : ",{");
      first = false;
      out.append("\"timeUnixNano\":\"").append(Long.toUnsignedString(event.getEpochNanos())).append("\",\"name\":");
      string(event.getName(), out);
      attributes(event.getAttributes(), out, true);
      dropped("droppedAttributesCount", event.getTotalAttributeCount() - event.getAttributes().size(), out);
      out.append('}');
    }
    out.append(']');
  }

  private static void links(SpanData span, StringBuilder out) {
    out.append(",\"links\":[");
    boolean first = true;
    for (LinkData link : span.getLinks()) {
      SpanContext linked = link.getSpanContext();
      out.append(first ? "{" : ",{");
      first = false;
      out.append("\"traceId\":\"").append(linked.getTraceId()).append("\",\"spanId\":\"")
          .append(linked.getSpanId()).append('"');
      traceState(linked.getTraceState(), out);
      attributes(link.getAttributes(), out, true);
      dropped("droppedAttributesCount", link.getTotalAttributeCount() - link.getAttributes().size(), out);
      flags(linked, linked.isRemote(), out);
      out.append('}');
    }
    out.append(']');
  }

  private static void status(StatusData status, StringBuilder out) {
    out.append(",\"status\":{");
    boolean hasMessage = !status.getDescription().isEmpty();
    if (hasMessage) {
      out.append("\"message\":");
      string(status.getDescription(), out);
    }
    int code = switch (status.getStatusCode()) {
      case OK -> 1;
      case ERROR -> 2;
      default -> 0;
    };
    if (code != 0) {
      out.append(hasMessage ? "," : "").append("\"code\":").append(code);
    }
    out.append('}');
  }

  /** The W3C flags and the bits saying whether the other end is remote, as the OTLP {@code flags} field has them. */
  private static void flags(SpanContext context, boolean remote, StringBuilder out) {
    int flags = context.getTraceFlags().asByte() & 0xff;
    flags |= 0x100 | (remote ? 0x200 : 0);
    out.append(",\"flags\":").append(flags);
  }

  private static void traceState(TraceState state, StringBuilder out) {
    if (state.isEmpty()) {
      return;
    }
    StringBuilder header = new StringBuilder();
    state.forEach((key, value) -> header.append(header.length() == 0 ? "" : ",").append(key).append('=')
        .append(value));
    out.append(",\"traceState\":");
    string(header.toString(), out);
  }

  private static void schemaUrl(String schemaUrl, StringBuilder out) {
    if (schemaUrl != null && !schemaUrl.isEmpty()) {
      out.append(",\"schemaUrl\":");
      string(schemaUrl, out);
    }
  }

  private static void dropped(String field, int count, StringBuilder out) {
    if (count > 0) {
      out.append(",\"").append(field).append("\":").append(count);
    }
  }

  /** The {@code attributes} field, empty or not; {@code comma} when a field precedes it. */
  private static void attributes(Attributes attributes, StringBuilder out, boolean comma) {
    out.append(comma ? ",\"attributes\":[" : "\"attributes\":[");
    boolean[] first = {true};
    attributes.forEach((key, value) -> {
      out.append(first[0] ? "{\"key\":" : ",{\"key\":");
      first[0] = false;
      string(key.getKey(), out);
      out.append(",\"value\":");
      value(value, out);
      out.append('}');
    });
    out.append(']');
  }

  private static void value(Object value, StringBuilder out) {
    if (value instanceof List<?> values) {
      out.append("{\"arrayValue\":{\"values\":[");
      boolean first = true;
      for (Object element : values) {
        out.append(first ? "" : ",");
        first = false;
        value(element, out);
      }
      out.append("]}}");
    } else if (value instanceof String text) {
      out.append("{\"stringValue\":");
      string(text, out);
      out.append('}');
    } else if (value instanceof Boolean) {
      out.append("{\"boolValue\":").append(value).append('}');
    } else if (value instanceof Long) {
      out.append("{\"intValue\":\"").append(value).append("\"}");
    } else {
      out.append("{\"doubleValue\":").append(value).append('}');
    }
  }

  /** A JSON string: quotes, backslashes and control characters escaped, everything else as it is. */
  static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
