package dev.traceguard.api;

/**
 * A metric exporter that {@link TracingConfig} can select, by its name in {@code otel.metrics.exporter}; {@code none}
 * is the empty set of metric exporters (the default).
 */
public enum MetricExporterType {
  /** OTLP, pushed periodically over the transport and endpoint of {@code otel.exporter.otlp.*}. */
  OTLP("otlp"),
  /** Pulled: an HTTP server answering Prometheus scrapes on {@code otel.exporter.prometheus.host}/{@code port}. */
  PROMETHEUS("prometheus"),
  /** Pushed periodically to the log, one line per metric, for development. */
  CONSOLE("console");

  private final String configName;

  MetricExporterType(String configName) {
    this.configName = configName;
  }

  /** Returns the name of this exporter in {@code otel.metrics.exporter}, for example {@code prometheus}. */
  public String configName() {
    return configName;
  }
}
