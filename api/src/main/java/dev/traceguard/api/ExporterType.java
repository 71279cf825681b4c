package dev.traceguard.api;

/**
 * A span exporter that {@link TracingConfig} can select, by its name in {@code otel.traces.exporter}.
 *
 * <p>{@code jaeger} is accepted in configuration as an alias of {@link #OTLP}, since Jaeger receives OTLP
 * natively and its own protocols are retired; {@code none} is the empty set of exporters.
 */
public enum ExporterType {
  /** OTLP over gRPC or HTTP/protobuf, see {@link OtlpProtocol}. */
  OTLP("otlp"),
  /** Zipkin's JSON v2 API. */
  ZIPKIN("zipkin"),
  /** One human-readable line per span on the console. */
  CONSOLE("console"),
  /** OTLP JSON lines appended to a local file, readable by the Collector's {@code otlpjsonfile} receiver. */
  FILE("file");

  private final String configName;

  ExporterType(String configName) {
    this.configName = configName;
  }

  /** Returns the name of this exporter in {@code otel.traces.exporter}, for example {@code otlp}. */
  public String configName() {
    return configName;
  }
}
