package dev.traceguard.core.internal;

import dev.traceguard.api.TracingConfig;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;

/**
 * The {@code file} span exporter, {@code otel.traces.exporter=file}: OTLP JSON lines appended to {@code
 * traceguard.exporter.file.path} (default {@value TracingConfig#DEFAULT_FILE_PATH}), see {@link
 * OtlpJsonFileSpanExporter}. Found by any autoconfigured SDK through the service loader.
 */
public final class FileSpanExporterProvider implements ConfigurableSpanExporterProvider {
  /** The exporter's name in {@code otel.traces.exporter}: {@value}. */
  public static final String NAME = "file";

  /** Called by the service loader. */
  public FileSpanExporterProvider() {}

  /**
   * {@inheritDoc}
   *
   * @throws java.io.UncheckedIOException if the file cannot be opened for appending
   */
  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return OtlpJsonFileSpanExporter.create(
        Path.of(config.getString(SdkProperties.FILE_PATH, TracingConfig.DEFAULT_FILE_PATH)));
  }

  @Override
  public String getName() {
    return NAME;
  }
}
