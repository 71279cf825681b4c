package dev.traceguard.api;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The standard OpenTelemetry properties that {@link TracingConfig} does not model but passes to the SDK's
 * autoconfigure ({@link TracingConfig#sdkProperties()}), each with the syntax the SDK accepts for it. Checking
 * them while loading lets one {@link TraceguardConfigurationException} name every invalid property, Traceguard's
 * and the standard ones, where the SDK would stop at its first. Keys not listed here still reach the SDK unchecked:
 * they belong to extensions this table cannot know.
 */
enum StandardProperty {
  RESOURCE_DISABLED_KEYS("otel.experimental.resource.disabled.keys", Syntax.LIST),
  ENABLED_RESOURCE_PROVIDERS("otel.java.enabled.resource.providers", Syntax.LIST),
  DISABLED_RESOURCE_PROVIDERS("otel.java.disabled.resource.providers", Syntax.LIST),
  LOGS_EXPORTER("otel.logs.exporter", Syntax.LIST),
  SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT("otel.span.attribute.value.length.limit", Syntax.INT),
  ATTRIBUTE_COUNT_LIMIT("otel.attribute.count.limit", Syntax.INT),
  SPAN_ATTRIBUTE_COUNT_LIMIT("otel.span.attribute.count.limit", Syntax.INT),
  SPAN_EVENT_COUNT_LIMIT("otel.span.event.count.limit", Syntax.INT),
  SPAN_LINK_COUNT_LIMIT("otel.span.link.count.limit", Syntax.INT),
  BLRP_SCHEDULE_DELAY("otel.blrp.schedule.delay", Syntax.DURATION),
  BLRP_MAX_QUEUE_SIZE("otel.blrp.max.queue.size", Syntax.INT),
  BLRP_MAX_EXPORT_BATCH_SIZE("otel.blrp.max.export.batch.size", Syntax.INT),
  BLRP_EXPORT_TIMEOUT("otel.blrp.export.timeout", Syntax.DURATION),
  METRIC_EXPORT_INTERVAL("otel.metric.export.interval", Syntax.DURATION),
  METRIC_EXPORT_TIMEOUT("otel.metric.export.timeout", Syntax.DURATION),
  METRICS_EXEMPLAR_FILTER("otel.metrics.exemplar.filter", Syntax.EXEMPLAR_FILTER),
  METRICS_CARDINALITY_LIMIT("otel.java.metrics.cardinality.limit", Syntax.INT),
  PROMETHEUS_HOST("otel.exporter.prometheus.host", Syntax.HOST),
  PROMETHEUS_PORT("otel.exporter.prometheus.port", Syntax.PORT),
  OTLP_CERTIFICATE("otel.exporter.otlp.certificate", Syntax.READABLE_FILE),
  OTLP_CLIENT_KEY("otel.exporter.otlp.client.key", Syntax.READABLE_FILE),
  OTLP_CLIENT_CERTIFICATE("otel.exporter.otlp.client.certificate", Syntax.READABLE_FILE),
  OTLP_TIMEOUT("otel.exporter.otlp.timeout", Syntax.DURATION),
  OTLP_COMPRESSION("otel.exporter.otlp.compression", Syntax.COMPRESSION),
  ZIPKIN_ENDPOINT("otel.exporter.zipkin.endpoint", Syntax.URL),
  OTLP_TRACES_ENDPOINT("otel.exporter.otlp.traces.endpoint", Syntax.URL),
  OTLP_METRICS_ENDPOINT("otel.exporter.otlp.metrics.endpoint", Syntax.URL),
  OTLP_LOGS_ENDPOINT("otel.exporter.otlp.logs.endpoint", Syntax.URL),
  OTLP_TRACES_PROTOCOL("otel.exporter.otlp.traces.protocol", Syntax.PROTOCOL),
  OTLP_METRICS_PROTOCOL("otel.exporter.otlp.metrics.protocol", Syntax.PROTOCOL),
  OTLP_LOGS_PROTOCOL("otel.exporter.otlp.logs.protocol", Syntax.PROTOCOL),
  OTLP_TRACES_HEADERS("otel.exporter.otlp.traces.headers", Syntax.KEY_VALUES),
  OTLP_METRICS_HEADERS("otel.exporter.otlp.metrics.headers", Syntax.KEY_VALUES),
  OTLP_LOGS_HEADERS("otel.exporter.otlp.logs.headers", Syntax.KEY_VALUES),
  OTLP_TRACES_COMPRESSION("otel.exporter.otlp.traces.compression", Syntax.COMPRESSION),
  OTLP_METRICS_COMPRESSION("otel.exporter.otlp.metrics.compression", Syntax.COMPRESSION),
  OTLP_LOGS_COMPRESSION("otel.exporter.otlp.logs.compression", Syntax.COMPRESSION),
  OTLP_TRACES_TIMEOUT("otel.exporter.otlp.traces.timeout", Syntax.DURATION),
  OTLP_METRICS_TIMEOUT("otel.exporter.otlp.metrics.timeout", Syntax.DURATION),
  OTLP_LOGS_TIMEOUT("otel.exporter.otlp.logs.timeout", Syntax.DURATION),
  OTLP_TRACES_CERTIFICATE("otel.exporter.otlp.traces.certificate", Syntax.READABLE_FILE),
  OTLP_METRICS_CERTIFICATE("otel.exporter.otlp.metrics.certificate", Syntax.READABLE_FILE),
  OTLP_LOGS_CERTIFICATE("otel.exporter.otlp.logs.certificate", Syntax.READABLE_FILE),
  OTLP_TRACES_CLIENT_KEY("otel.exporter.otlp.traces.client.key", Syntax.READABLE_FILE),
  OTLP_METRICS_CLIENT_KEY("otel.exporter.otlp.metrics.client.key", Syntax.READABLE_FILE),
  OTLP_LOGS_CLIENT_KEY("otel.exporter.otlp.logs.client.key", Syntax.READABLE_FILE),
  OTLP_TRACES_CLIENT_CERTIFICATE("otel.exporter.otlp.traces.client.certificate", Syntax.READABLE_FILE),
  OTLP_METRICS_CLIENT_CERTIFICATE("otel.exporter.otlp.metrics.client.certificate", Syntax.READABLE_FILE),
  OTLP_LOGS_CLIENT_CERTIFICATE("otel.exporter.otlp.logs.client.certificate", Syntax.READABLE_FILE),
  OTLP_METRICS_TEMPORALITY("otel.exporter.otlp.metrics.temporality.preference", Syntax.TEMPORALITY),
  OTLP_METRICS_HISTOGRAM("otel.exporter.otlp.metrics.default.histogram.aggregation", Syntax.HISTOGRAM),
  OTLP_RETRY_DISABLED("otel.java.exporter.otlp.retry.disabled", Syntax.BOOLEAN),
  EXPORTER_MEMORY_MODE("otel.java.exporter.memory_mode", Syntax.MEMORY_MODE),
  ZIPKIN_TIMEOUT("otel.exporter.zipkin.timeout", Syntax.DURATION);

  private final String key;
  private final Syntax syntax;

  StandardProperty(String key, Syntax syntax) {
    this.key = key;
    this.syntax = syntax;
  }

  String key() {
    return key;
  }

  /** Returns the rule {@code value} breaks, phrased to follow "must be"; empty when the value is valid. */
  Optional<String> check(String value) {
    return syntax.accepts(value) ? Optional.empty() : Optional.of(syntax.rule);
  }

  static Optional<StandardProperty> forKey(String key) {
    for (StandardProperty property : values()) {
      if (property.key.equals(key)) {
        return Optional.of(property);
      }
    }
    return Optional.empty();
  }

  /** The SDK's syntaxes, as {@code DefaultConfigProperties} and the exporters read them. */
  private enum Syntax {
    HOST("a host name or IP address", v -> !v.isEmpty() && v.chars().noneMatch(Character::isWhitespace)),
    PORT("an integer from 1 to 65535", v -> parses(() -> {
      int port = Integer.parseInt(v);
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException(v);
      }
    })),
    READABLE_FILE("the path of a readable file", v -> parses(() -> {
      java.nio.file.Path path = java.nio.file.Path.of(v);
      if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
        throw new IllegalArgumentException(v);
      }
    })),
    INT("an integer", v -> parses(() -> Integer.parseInt(v))),
    BOOLEAN(ConfigProperty.Rules.BOOLEAN, v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")),
    DURATION(ConfigProperty.Rules.DURATION, v -> parses(() -> ConfigLoader.parseDuration(v))),
    LIST("a comma-separated list", v -> true),
    KEY_VALUES(ConfigProperty.Rules.KEY_VALUES, v -> parses(() -> ConfigLoader.parseKeyValues(v))),
    URL(ConfigProperty.Rules.URL, TracingConfig.Builder::isHttpUrl),
    PROTOCOL("grpc or http/protobuf", oneOf("grpc|http/protobuf")),
    COMPRESSION("gzip or none", oneOf("gzip|none")),
    TEMPORALITY("cumulative, delta or lowmemory", oneOf("cumulative|delta|lowmemory")),
    HISTOGRAM("explicit_bucket_histogram or base2_exponential_bucket_histogram",
        oneOf("explicit_bucket_histogram|base2_exponential_bucket_histogram")),
    EXEMPLAR_FILTER("always_on, always_off or trace_based", oneOf("always_on|always_off|trace_based")),
    MEMORY_MODE("immutable_data or reusable_data", oneOf("immutable_data|reusable_data"));

    private final String rule;
    private final Predicate<String> accepts;

    Syntax(String rule, Predicate<String> accepts) {
      this.rule = rule;
      this.accepts = accepts;
    }

    boolean accepts(String value) {
      return accepts.test(value);
    }

    private static Predicate<String> oneOf(String alternatives) {
      Pattern pattern = Pattern.compile(alternatives, Pattern.CASE_INSENSITIVE);
      return v -> pattern.matcher(v).matches();
    }

    private static boolean parses(Runnable parse) {
      try {
        parse.run();
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}
