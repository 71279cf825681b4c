package dev.traceguard.core.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The {@code console} span exporter, {@code otel.traces.exporter=console}: one line per span on standard output
 * ({@link ConsoleSpanExporter}). Found by any autoconfigured SDK through the service loader. The SDK's
 * autoconfigure exports {@code console} through a simple span processor, on the thread that ends the span: it is
 * meant for development.
 */
public final class ConsoleSpanExporterProvider implements ConfigurableSpanExporterProvider {
  /** The exporter's name in {@code otel.traces.exporter}: {@value}. */
  public static final String NAME = "console";

  /** Called by the service loader. */
  public ConsoleSpanExporterProvider() {}

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return new ConsoleSpanExporter(System.out);
  }

  @Override
  public String getName() {
    return NAME;
  }
}
