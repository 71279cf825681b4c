package dev.traceguard.core;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.internal.AutoconfiguredSdk;
import dev.traceguard.core.internal.MaskingLogRecordExporter;
import dev.traceguard.core.internal.MaskingSpanExporter;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Traceguard's masking in front of exporters that Traceguard did not build, such as those of a server's own
 * OpenTelemetry SDK: spans and log records leave masked as a {@link TracingRuntime}'s own export would ({@code
 * traceguard.pii.*}, and the HTTP redaction of credential headers and secret query parameters that cannot be turned
 * off). Stack traces are masked as recorded, since such SDKs render them when recording.
 */
public final class ExportMasking {
  private ExportMasking() {}

  /**
   * Returns an exporter that masks each span as {@code config} says and hands it to {@code exporter}, whose life
   * cycle it forwards. Attribute values are cut at {@code otel.attribute.value.length.limit}.
   */
  public static SpanExporter spans(SpanExporter exporter, TracingConfig config) {
    return MaskingSpanExporter.create(exporter, masker(config), config.piiRedactHeaders(), config.piiAllowHeaders(),
        config.attributeValueLengthLimit());
  }

  /** Returns an exporter that masks each log record as {@code config} says and hands it to {@code exporter}. */
  public static LogRecordExporter logRecords(LogRecordExporter exporter, TracingConfig config) {
    return MaskingLogRecordExporter.create(exporter, masker(config), config.piiRedactHeaders(),
        config.piiAllowHeaders());
  }

  private static PiiMasker masker(TracingConfig config) {
    return AutoconfiguredSdk.masker(config);
  }
}
