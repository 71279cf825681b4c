package dev.traceguard.core.internal;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * The {@code zipkin} span exporter, {@code otel.traces.exporter=zipkin}, reading the SDK's {@code
 * otel.exporter.zipkin.endpoint} and {@code otel.exporter.zipkin.timeout}.
 *
 * <p>Why not the SDK's provider of the same name: it sends through OkHttp, which Traceguard leaves out of the
 * application (one HTTP stack, no Kotlin). This one sends through the JDK's {@code HttpURLConnection};
 * {@link TraceguardComponentLoader} makes it win over the SDK's.
 */
public final class ZipkinSpanExporterProvider implements ConfigurableSpanExporterProvider {
  /** The exporter's name in {@code otel.traces.exporter}: {@value}. */
  public static final String NAME = "zipkin";

  /** Zipkin's span API where {@code otel.exporter.zipkin.endpoint} is not set, as the SDK's: {@value}. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans";

  /** Called by the service loader. */
  public ZipkinSpanExporterProvider() {}

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    int timeout = (int) Math.min(Integer.MAX_VALUE,
        config.getDuration("otel.exporter.zipkin.timeout", Duration.ofSeconds(10)).toMillis());
    URLConnectionSender sender = URLConnectionSender.newBuilder()
        .endpoint(config.getString("otel.exporter.zipkin.endpoint", DEFAULT_ENDPOINT))
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .build();
    return ZipkinSpanExporter.builder().setSender(sender).build();
  }

  @Override
  public String getName() {
    return NAME;
  }
}
