package dev.traceguard.core;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test-only span exporter provider named {@value #NAME}, registered in {@code META-INF/services}: selected with
 * {@code otel.traces.exporter=test-memory}, it hands out an {@link InMemorySpanExporter} that tests read through
 * {@link #exporter()}. A new one is created each time the SDK asks, because shutting a runtime down stops its
 * exporter for good.
 */
public final class InMemoryExporterTestProvider implements ConfigurableSpanExporterProvider {
  static final String NAME = "test-memory";

  private static final AtomicReference<InMemorySpanExporter> LAST = new AtomicReference<>();

  /** Called by the service loader. */
  public InMemoryExporterTestProvider() {}

  /** Returns the exporter handed out last, or fails when none was. */
  static InMemorySpanExporter exporter() {
    InMemorySpanExporter exporter = LAST.get();
    if (exporter == null) {
      throw new IllegalStateException("No SDK asked for the " + NAME + " exporter yet");
    }
    return exporter;
  }

  /** Forgets the exporter handed out last. */
  static void reset() {
    LAST.set(null);
  }

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    LAST.set(exporter);
    return exporter;
  }

  @Override
  public String getName() {
    return NAME;
  }
}
