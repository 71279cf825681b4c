package dev.traceguard.core.internal;

import dev.traceguard.api.MetricExporterType;
import dev.traceguard.api.OtlpProtocol;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.DropReason;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TraceguardMetrics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.logging.otlp.OtlpJsonLoggingMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the metric part of a {@link TracingConfig} into an {@link SdkMeterProvider}: one reader per exporter in
 * {@code otel.metrics.exporter}, the trace-based exemplar filter, and the {@value TraceguardMetrics#SPANS_DROPPED}
 * observable counter over the runtime's drop counts. Called once per runtime, at start-up, where it may throw.
 */
public final class SdkMetrics {
  private SdkMetrics() {}

  /**
   * Builds the meter provider, or returns null when no metric exporter is configured (then nothing is collected).
   *
   * @throws TraceguardConfigurationException when the Prometheus server cannot listen on its host and port, or OTLP
   *     over gRPC is asked for without a gRPC sender
   */
  public static @Nullable SdkMeterProvider build(
      TracingConfig config, Resource resource, ExportCounters counters, QueueDropMonitor queueDrops) {
    if (config.metricExporters().isEmpty()) {
      return null;
    }
    SdkMeterProviderBuilder builder = SdkMeterProvider.builder()
        .setResource(resource)
        // The SDK's default too, stated because exemplars are the only link from a metric to its traces.
        .setExemplarFilter(ExemplarFilter.traceBased());
    for (MetricExporterType type : config.metricExporters()) {
      switch (type) {
        case PROMETHEUS -> builder.registerMetricReader(prometheus(config));
        case OTLP -> builder.registerMetricReader(PeriodicMetricReader.create(otlp(config)));
        case CONSOLE -> builder.registerMetricReader(PeriodicMetricReader.create(OtlpJsonLoggingMetricExporter.create()));
      }
    }
    SdkMeterProvider provider = builder.build();
    registerDropCounter(provider.get(dev.traceguard.core.TracingRuntime.INSTRUMENTATION_SCOPE), counters, queueDrops);
    return provider;
  }

  static PrometheusHttpServer prometheus(TracingConfig config) {
    try {
      return PrometheusHttpServer.builder()
          .setHost(config.prometheusHost())
          .setPort(config.prometheusPort())
          .build();
    } catch (RuntimeException e) {
      throw new TraceguardConfigurationException(List.of(
          "otel.exporter.prometheus.port='" + config.prometheusPort() + "': must be a port free on "
              + config.prometheusHost() + " (" + e.getMessage() + ")"));
    }
  }

  static MetricExporter otlp(TracingConfig config) {
    RetryPolicy retry = config.otlpMaxAttempts() > 1
        ? RetryPolicy.builder().setMaxAttempts(config.otlpMaxAttempts()).build()
        : null;
    if (config.otlpProtocol() == OtlpProtocol.HTTP_PROTOBUF) {
      OtlpHttpMetricExporterBuilder http = OtlpHttpMetricExporter.builder()
          .setComponentLoader(
              JdkHttpSenderComponentLoader.forClassLoader(OtlpHttpMetricExporter.class.getClassLoader()))
          .setEndpoint(SdkPipeline.httpSignalEndpoint(config.otlpEndpoint(), "/v1/metrics"))
          .setTimeout(config.otlpTimeout())
          .setCompression(config.otlpCompression())
          .setRetryPolicy(retry);
      config.otlpHeaders().forEach(http::addHeader);
      config.otlpCertificatePath().ifPresent(p -> http.setTrustedCertificates(SdkPipeline.read(p)));
      if (config.otlpClientKeyPath().isPresent() && config.otlpClientCertificatePath().isPresent()) {
        http.setClientTls(SdkPipeline.read(config.otlpClientKeyPath().get()),
            SdkPipeline.read(config.otlpClientCertificatePath().get()));
      }
      return http.build();
    }
    OtlpGrpcMetricExporterBuilder grpc = OtlpGrpcMetricExporter.builder()
        .setEndpoint(config.otlpEndpoint())
        .setTimeout(config.otlpTimeout())
        .setCompression(config.otlpCompression())
        .setRetryPolicy(retry);
    config.otlpHeaders().forEach(grpc::addHeader);
    config.otlpCertificatePath().ifPresent(p -> grpc.setTrustedCertificates(SdkPipeline.read(p)));
    if (config.otlpClientKeyPath().isPresent() && config.otlpClientCertificatePath().isPresent()) {
      grpc.setClientTls(SdkPipeline.read(config.otlpClientKeyPath().get()),
          SdkPipeline.read(config.otlpClientCertificatePath().get()));
    }
    try {
      return grpc.build();
    } catch (IllegalStateException e) {
      throw SdkPipeline.noGrpcSender();
    }
  }

  /** Reports every reason on each collection, so a reason that never dropped anything still shows as 0. */
  private static void registerDropCounter(Meter meter, ExportCounters counters, QueueDropMonitor queueDrops) {
    Map<DropReason, Attributes> attributes = new EnumMap<>(DropReason.class);
    for (DropReason reason : DropReason.values()) {
      attributes.put(reason, Attributes.of(TraceguardAttributes.DROP_REASON, reason.name().toLowerCase(Locale.ROOT)));
    }
    meter.counterBuilder(TraceguardMetrics.SPANS_DROPPED)
        .setUnit("{span}")
        .setDescription("Finished spans that never reached a backend, by reason.")
        .buildWithCallback(measurement -> {
          queueDrops.update();
          attributes.forEach((reason, attrs) -> measurement.record(counters.dropped(reason), attrs));
        });
  }
}
