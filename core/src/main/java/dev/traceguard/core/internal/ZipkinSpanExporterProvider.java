package dev.traceguard.core.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;

/**
 * The {@code zipkin} span exporter, {@code otel.traces.exporter=zipkin}, reading the SDK's {@code
 * otel.exporter.zipkin.endpoint} and {@code otel.exporter.zipkin.timeout}.
 *
 * <p>Why not the SDK's provider of the same name: it sends through OkHttp, which Traceguard leaves out of the
 * application (one HTTP stack, no Kotlin). This one sends through the JDK's {@code HttpURLConnection};
 * {@link TraceguardComponentLoader} makes it win over the SDK's. The SDK's Zipkin exporter fails an export without
 * saying why; this one fails it with the sender's exception, so the failure log line can name the cause.
 *
 * <p>Zipkin's exporter and sender are optional dependencies: without them, choosing {@code zipkin} fails start-up
 * with a {@link MissingDependencyException} naming both artifacts.
 */
public final class ZipkinSpanExporterProvider implements ConfigurableSpanExporterProvider {
  /** The exporter's name in {@code otel.traces.exporter}: {@value}. */
  public static final String NAME = "zipkin";

  /** Zipkin's span API where {@code otel.exporter.zipkin.endpoint} is not set, as the SDK's: {@value}. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans";

  /** The classes the exporter needs, one from each optional artifact. */
  static final List<String> REQUIRED_CLASSES = List.of(
      "io.opentelemetry.exporter.zipkin.ZipkinSpanExporter", "zipkin2.reporter.urlconnection.URLConnectionSender");

  private final List<String> requiredClasses;

  /** Called by the service loader. */
  public ZipkinSpanExporterProvider() {
    this(REQUIRED_CLASSES);
  }

  ZipkinSpanExporterProvider(List<String> requiredClasses) {
    this.requiredClasses = requiredClasses;
  }

  /**
   * Builds the exporter.
   *
   * @throws MissingDependencyException when Zipkin's exporter or its URL-connection sender is not on the class path
   */
  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    for (String name : requiredClasses) {
      if (!MissingDependencyException.present(name, ZipkinSpanExporterProvider.class.getClassLoader())) {
        throw new MissingDependencyException("otel.traces.exporter", NAME,
            "io.opentelemetry:opentelemetry-exporter-zipkin and io.zipkin.reporter2:zipkin-sender-urlconnection");
      }
    }
    return ZipkinExporters.create(config);
  }

  @Override
  public String getName() {
    return NAME;
  }
}
