package dev.traceguard.core.internal;

import dev.traceguard.api.TracingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one map of properties the SDK's autoconfigure builds Traceguard's SDK from: what {@link TracingConfig} models,
 * written in the standard {@code otel.*} names, then {@link TracingConfig#sdkProperties()} (the standard keys it does
 * not model, as given), then the few {@code traceguard.*} keys Traceguard's own exporter providers read.
 *
 * <p>Where Traceguard's default differs from the SDK's on purpose, the typed configuration carries Traceguard's, so
 * it is written here: OTLP over {@code http/protobuf}, no metrics or logs exporter unless asked for, attribute
 * values bounded at {@value TracingConfig#DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT} characters.
 */
final class SdkProperties {
  /** Read by {@link FileSpanExporterProvider}. */
  static final String FILE_PATH = "traceguard.exporter.file.path";

  private SdkProperties() {}

  /** Returns the properties for {@code config}, in a new mutable map. */
  static Map<String, String> of(TracingConfig config) {
    Map<String, String> p = new LinkedHashMap<>();
    // Traceguard's different defaults first, so that sdkProperties() below can override them.
    p.put("otel.exporter.otlp.protocol", TracingConfig.DEFAULT_OTLP_PROTOCOL);
    p.put("otel.metrics.exporter", TracingConfig.DEFAULT_METRICS_EXPORTER);
    p.put("otel.logs.exporter", TracingConfig.DEFAULT_LOGS_EXPORTER);
    p.put("otel.service.name", config.serviceName());
    Map<String, String> resource = new LinkedHashMap<>(config.resourceAttributes());
    config.serviceVersion().ifPresent(v -> resource.put("service.version", v));
    config.deploymentEnvironment().ifPresent(v -> resource.put("deployment.environment.name", v));
    if (!resource.isEmpty()) {
      p.put("otel.resource.attributes", keyValues(resource));
    }
    if (config.samplingRatio() >= 1.0) {
      p.put("otel.traces.sampler", config.isParentBased() ? "parentbased_always_on" : "always_on");
    } else if (config.samplingRatio() <= 0.0) {
      p.put("otel.traces.sampler", config.isParentBased() ? "parentbased_always_off" : "always_off");
    } else {
      p.put("otel.traces.sampler", config.isParentBased() ? "parentbased_traceidratio" : "traceidratio");
      p.put("otel.traces.sampler.arg", Double.toString(config.samplingRatio()));
    }
    p.put("otel.traces.exporter", names(config.exporters()));
    config.otlpEndpoint().ifPresent(v -> p.put("otel.exporter.otlp.endpoint", v));
    if (!config.otlpHeaders().isEmpty()) {
      p.put("otel.exporter.otlp.headers", keyValues(config.otlpHeaders()));
    }
    // The SDK's OTLP retry is on or off; Traceguard's max-attempts of 1 turns it off.
    p.put("otel.java.exporter.otlp.retry.disabled", Boolean.toString(config.otlpMaxAttempts() <= 1));
    p.put("otel.bsp.schedule.delay", Long.toString(config.scheduleDelay().toMillis()));
    p.put("otel.bsp.max.queue.size", Integer.toString(config.maxQueueSize()));
    p.put("otel.bsp.max.export.batch.size", Integer.toString(config.maxExportBatchSize()));
    p.put("otel.bsp.export.timeout", Long.toString(config.exportTimeout().toMillis()));
    p.put("otel.attribute.value.length.limit", Integer.toString(config.attributeValueLengthLimit()));
    p.put("otel.propagators", names(config.propagators()));
    p.putAll(config.sdkProperties());
    if (config.isDebug()) {
      // Debug samples everything and prints to the console, whatever the properties say.
      p.put("otel.traces.sampler", "always_on");
      p.remove("otel.traces.sampler.arg");
      if (!config.exporters().contains(TracingConfig.CONSOLE_EXPORTER)) {
        p.put("otel.traces.exporter", config.exporters().isEmpty() ? TracingConfig.CONSOLE_EXPORTER
            : names(config.exporters()) + "," + TracingConfig.CONSOLE_EXPORTER);
      }
    }
    p.put(FILE_PATH, config.filePath().toString());
    return p;
  }

  /** True when {@code properties} name a metrics exporter: only then are Traceguard's instruments recorded. */
  static boolean exportsLogs(Map<String, String> properties) {
    String exporters = properties.getOrDefault("otel.logs.exporter", TracingConfig.DEFAULT_LOGS_EXPORTER);
    return !exporters.isBlank() && !exporters.trim().equals("none");
  }

  static boolean exportsMetrics(Map<String, String> properties) {
    String exporters = properties.getOrDefault("otel.metrics.exporter", TracingConfig.DEFAULT_METRICS_EXPORTER);
    return !exporters.isBlank() && !exporters.trim().equals("none");
  }

  private static String names(List<String> names) {
    return names.isEmpty() ? "none" : String.join(",", names);
  }

  /** Writes {@code k=v} pairs with each value percent-encoded where the SDK's reading would break it. */
  private static String keyValues(Map<String, String> map) {
    return map.entrySet().stream()
        .map(e -> e.getKey() + "=" + encode(e.getValue()))
        .collect(Collectors.joining(","));
  }

  private static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '%' -> out.append("%25");
        case ',' -> out.append("%2C");
        case '=' -> out.append("%3D");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
