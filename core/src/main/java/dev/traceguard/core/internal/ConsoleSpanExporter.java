package dev.traceguard.core.internal;

import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;

/**
 * Prints one human-readable line per span, for a developer watching the console:
 *
 * <pre>
 * traceguard demo-gateway SERVER 'GET /api/users/{id}' 12.345 ms UNSET trace=4bf9… span=00f0… parent=-
 * </pre>
 *
 * <p>Error spans add {@code error.type}, {@code error.code} and {@code error.domain}. Lines are written whole, so
 * spans printed by several threads never mix. Thread-safe.
 */
public final class ConsoleSpanExporter implements SpanExporter {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final PrintStream out;

  /** Creates an exporter printing to {@code out}. */
  public ConsoleSpanExporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    StringBuilder lines = new StringBuilder(spans.size() * 160);
    for (SpanData span : spans) {
      format(span, lines);
      lines.append(System.lineSeparator());
    }
    out.print(lines);
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  static void format(SpanData span, StringBuilder line) {
    String service = span.getResource().getAttribute(SERVICE_NAME);
    line.append("traceguard ").append(service == null ? "-" : service)
        .append(' ').append(span.getKind())
        .append(" '").append(span.getName()).append("' ")
        .append(String.format(Locale.ROOT, "%.3f ms", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6))
        .append(' ').append(span.getStatus().getStatusCode())
        .append(" trace=").append(span.getTraceId())
        .append(" span=").append(span.getSpanId())
        .append(" parent=").append(span.getParentSpanContext().isValid() ? span.getParentSpanId() : "-");
    String errorType = span.getAttributes().get(TraceguardAttributes.ERROR_TYPE);
    if (errorType != null) {
      line.append(" error.type=").append(errorType);
    }
    Long code = span.getAttributes().get(TraceguardAttributes.ERROR_CODE);
    if (code != null) {
      line.append(" error.code=").append(code)
          .append(" error.domain=").append(span.getAttributes().get(TraceguardAttributes.ERROR_DOMAIN));
    }
  }

  @Override
  public CompletableResultCode flush() {
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return flush();
  }

  @Override
  public String toString() {
    return "ConsoleSpanExporter";
  }
}
