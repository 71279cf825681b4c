package dev.traceguard.core.internal;

import dev.traceguard.api.ExporterType;
import dev.traceguard.api.OtlpProtocol;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Turns a {@link TracingConfig} into a running OpenTelemetry SDK: resource, sampler, span limits, exporters behind
 * their retry buffers, the batch processor, and the meter provider ({@link SdkMetrics}) on the same resource. Called once per runtime, at start-up, where it may throw.
 */
public final class SdkPipeline {
  private SdkPipeline() {}

  /**
   * Builds the SDK.
   *
   * @throws TraceguardConfigurationException when the configuration asks for what the classpath cannot give (an
   *     OTLP gRPC exporter without a gRPC sender) or names unreadable TLS files
   */
  public static OpenTelemetrySdk build(
      TracingConfig config, ExportCounters counters, QueueDropMonitor queueDrops, List<SpanExporter> additional) {
    return build(config, counters, queueDrops, additional, masker(config));
  }

  /** Builds the SDK; every exporter, the additional ones included, sees spans only after {@code masker}. */
  public static OpenTelemetrySdk build(
      TracingConfig config, ExportCounters counters, QueueDropMonitor queueDrops, List<SpanExporter> additional,
      PiiMasker masker) {
    Resource resource = resource(config);
    SdkTracerProviderBuilder tracerProvider = SdkTracerProvider.builder()
        .setResource(resource)
        .setSampler(sampler(config))
        .setSpanLimits(SpanLimits.builder().setMaxAttributeValueLength(config.attributeValueLengthLimit()).build());
    // Exceptions are recorded with type and message only; their stack traces are rendered on the export thread.
    DeferredStackTraces.install(tracerProvider);
    List<SpanExporter> exporters = new ArrayList<>(exporters(config, counters));
    exporters.addAll(additional);
    // After the span exporters, which may still refuse the configuration, and before the batch processor's thread:
    // a refused configuration leaves neither a listening Prometheus server nor a thread behind.
    SdkMeterProvider meterProvider = SdkMetrics.build(config, resource, counters, queueDrops);
    if (!exporters.isEmpty()) {
      // Masking runs here, on the export thread, before any exporter: the request thread never runs a masking regex.
      SpanExporter masked =
          MaskingSpanExporter.create(SpanExporter.composite(exporters), masker, config.piiRedactHeaders(),
              DeferredStackTraces.forConfig(config));
      SpanExporter exporter = new QueueDropReportingExporter(masked, queueDrops);
      tracerProvider.addSpanProcessor(processor(config, exporter, queueDrops));
    }
    OpenTelemetrySdkBuilder sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider.build())
        .setPropagators(ContextPropagators.create(textMapPropagator(config.propagators())));
    if (meterProvider != null) {
      sdk.setMeterProvider(meterProvider);
    }
    return sdk.build();
  }

  /**
   * The masker for the configuration: built-in detectors and custom patterns when masking is on, a no-op when off
   * (credential headers and secret query parameters are redacted on export either way).
   */
  public static PiiMasker masker(TracingConfig config) {
    return config.isPiiMaskingEnabled()
        ? RegexPiiMasker.create(config.piiDetectors(), config.piiPatterns())
        : PiiMasker.noop();
  }

  static Resource resource(TracingConfig config) {
    AttributesBuilder attributes = Attributes.builder();
    config.resourceAttributes().forEach(attributes::put);
    attributes.put("service.name", config.serviceName());
    config.serviceVersion().ifPresent(v -> attributes.put("service.version", v));
    config.deploymentEnvironment().ifPresent(v -> attributes.put("deployment.environment.name", v));
    // Cheap process facts only: no DNS lookup for a host name, which can stall start-up for seconds.
    attributes.put("process.pid", ProcessHandle.current().pid());
    attributes.put("process.runtime.name", System.getProperty("java.runtime.name", "unknown"));
    attributes.put("process.runtime.version", System.getProperty("java.runtime.version", "unknown"));
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      attributes.put("host.name", host);
    }
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }

  static Sampler sampler(TracingConfig config) {
    Sampler sampler;
    if (config.isDebug()) {
      sampler = Sampler.alwaysOn();
    } else {
      double ratio = config.samplingRatio();
      Sampler root = ratio >= 1.0 ? Sampler.alwaysOn()
          : ratio <= 0.0 ? Sampler.alwaysOff()
          : Sampler.traceIdRatioBased(ratio);
      sampler = config.isParentBased() ? Sampler.parentBased(root) : root;
    }
    return config.isKeepErrors() ? new KeepErrorsSampler(sampler) : sampler;
  }

  private static SpanProcessor processor(TracingConfig config, SpanExporter exporter, QueueDropMonitor queueDrops) {
    SpanProcessor batch = BatchSpanProcessor.builder(exporter)
        .setMeterProvider(queueDrops.meterProvider())
        .setScheduleDelay(config.scheduleDelay())
        .setMaxQueueSize(config.maxQueueSize())
        .setMaxExportBatchSize(config.maxExportBatchSize())
        .setExporterTimeout(config.exportTimeout())
        .setExportUnsampledSpans(config.isKeepErrors())
        .build();
    return config.isKeepErrors() ? new KeepErrorsSpanProcessor(batch) : batch;
  }

  static List<SpanExporter> exporters(TracingConfig config, ExportCounters counters) {
    Set<ExporterType> types = config.exporters().isEmpty()
        ? EnumSet.noneOf(ExporterType.class)
        : EnumSet.copyOf(config.exporters());
    if (config.isDebug()) {
      types.add(ExporterType.CONSOLE);
    }
    List<SpanExporter> exporters = new ArrayList<>();
    for (ExporterType type : types) {
      switch (type) {
        case OTLP -> exporters.add(retrying(otlp(config), config, counters));
        case ZIPKIN -> exporters.add(retrying(zipkin(config), config, counters));
        case CONSOLE -> exporters.add(new ConsoleSpanExporter(System.out));
        case FILE -> exporters.add(OtlpJsonFileSpanExporter.create(config.filePath()));
      }
    }
    return exporters;
  }

  private static SpanExporter retrying(SpanExporter exporter, TracingConfig config, ExportCounters counters) {
    return new RetryingSpanExporter(
        exporter, config.retryBufferSize(), config.maxExportBatchSize(), config.exportTimeout(), counters);
  }

  static SpanExporter otlp(TracingConfig config) {
    RetryPolicy retry = config.otlpMaxAttempts() > 1
        ? RetryPolicy.builder().setMaxAttempts(config.otlpMaxAttempts()).build()
        : null;
    if (config.otlpProtocol() == OtlpProtocol.HTTP_PROTOBUF) {
      // The gRPC sender an application adds (OkHttp) is an HTTP sender too: keep HTTP on the JDK's HttpClient.
      OtlpHttpSpanExporterBuilder http = OtlpHttpSpanExporter.builder()
          .setComponentLoader(JdkHttpSenderComponentLoader.forClassLoader(OtlpHttpSpanExporter.class.getClassLoader()))
          .setEndpoint(httpTracesEndpoint(config.otlpEndpoint()))
          .setTimeout(config.otlpTimeout())
          .setCompression(config.otlpCompression())
          .setRetryPolicy(retry);
      config.otlpHeaders().forEach(http::addHeader);
      config.otlpCertificatePath().ifPresent(p -> http.setTrustedCertificates(read(p)));
      if (config.otlpClientKeyPath().isPresent() && config.otlpClientCertificatePath().isPresent()) {
        http.setClientTls(read(config.otlpClientKeyPath().get()), read(config.otlpClientCertificatePath().get()));
      }
      return http.build();
    }
    OtlpGrpcSpanExporterBuilder grpc = OtlpGrpcSpanExporter.builder()
        .setEndpoint(config.otlpEndpoint())
        .setTimeout(config.otlpTimeout())
        .setCompression(config.otlpCompression())
        .setRetryPolicy(retry);
    config.otlpHeaders().forEach(grpc::addHeader);
    config.otlpCertificatePath().ifPresent(p -> grpc.setTrustedCertificates(read(p)));
    if (config.otlpClientKeyPath().isPresent() && config.otlpClientCertificatePath().isPresent()) {
      grpc.setClientTls(read(config.otlpClientKeyPath().get()), read(config.otlpClientCertificatePath().get()));
    }
    try {
      return grpc.build();
    } catch (IllegalStateException e) {
      throw noGrpcSender();
    }
  }

  static TraceguardConfigurationException noGrpcSender() {
    return new TraceguardConfigurationException(List.of(
        "otel.exporter.otlp.protocol='grpc': must be http/protobuf unless a gRPC sender is on the classpath"
            + " (add io.opentelemetry:opentelemetry-exporter-sender-okhttp or"
            + " opentelemetry-exporter-sender-grpc-managed-channel)"));
  }

  /** The specification's rule for the generic endpoint: the signal's path is appended. */
  static String httpTracesEndpoint(String endpoint) {
    return httpSignalEndpoint(endpoint, "/v1/traces");
  }

  /** Appends a signal's path ({@code /v1/traces}, {@code /v1/metrics}) to the generic OTLP/HTTP endpoint. */
  static String httpSignalEndpoint(String endpoint, String signalPath) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base + signalPath;
  }

  static SpanExporter zipkin(TracingConfig config) {
    URLConnectionSender sender = URLConnectionSender.newBuilder()
        .endpoint(config.zipkinEndpoint())
        .connectTimeout((int) Math.min(Integer.MAX_VALUE, config.otlpTimeout().toMillis()))
        .readTimeout((int) Math.min(Integer.MAX_VALUE, config.otlpTimeout().toMillis()))
        .build();
    return ZipkinSpanExporter.builder().setSender(sender).build();
  }

  static TextMapPropagator textMapPropagator(List<String> names) {
    List<TextMapPropagator> propagators = new ArrayList<>();
    for (String name : names) {
      switch (name.toLowerCase(Locale.ROOT)) {
        case "tracecontext" -> propagators.add(W3CTraceContextPropagator.getInstance());
        case "baggage" -> propagators.add(W3CBaggagePropagator.getInstance());
        default -> throw new IllegalArgumentException("unknown propagator " + name); // TracingConfig forbids it
      }
    }
    return TextMapPropagator.composite(propagators);
  }

  static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
