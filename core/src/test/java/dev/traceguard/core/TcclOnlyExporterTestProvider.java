package dev.traceguard.core;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter provider named {@value #NAME} that is registered nowhere on the test class path: only a class
 * loader that lists it in its own {@code META-INF/services} (the "application's", in {@link
 * ApplicationClassLoaderTest}) lets an SDK find it.
 */
public final class TcclOnlyExporterTestProvider implements ConfigurableSpanExporterProvider {
  static final String NAME = "tccl-only";
  static final InMemorySpanExporter EXPORTED = InMemorySpanExporter.create();

  /** Called by the service loader. */
  public TcclOnlyExporterTestProvider() {}

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return new SpanExporter() {
      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode export(
          java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
        return EXPORTED.export(spans);
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode flush() {
        return EXPORTED.flush();
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
        return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess(); // EXPORTED outlives each runtime
      }
    };
  }

  @Override
  public String getName() {
    return NAME;
  }
}
