package dev.traceguard.core.internal;

import io.opentelemetry.exporter.logging.otlp.OtlpJsonLoggingMetricExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

/**
 * The {@code console} metrics exporter, {@code otel.metrics.exporter=console}: each collection as OTLP JSON on
 * {@code java.util.logging}. The SDK names the same exporter {@code logging-otlp}; Traceguard keeps the name its
 * span exporter has. Found by any autoconfigured SDK through the service loader.
 */
public final class ConsoleMetricExporterProvider implements ConfigurableMetricExporterProvider {
  /** The exporter's name in {@code otel.metrics.exporter}: {@value}. */
  public static final String NAME = "console";

  /** Called by the service loader. */
  public ConsoleMetricExporterProvider() {}

  @Override
  public MetricExporter createExporter(ConfigProperties config) {
    return OtlpJsonLoggingMetricExporter.create();
  }

  @Override
  public String getName() {
    return NAME;
  }
}
