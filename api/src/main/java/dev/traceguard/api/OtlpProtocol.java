package dev.traceguard.api;

/** The transport of the OTLP exporter, by its name in {@code otel.exporter.otlp.protocol}. */
public enum OtlpProtocol {
  /** OTLP over gRPC; default endpoint {@code http://localhost:4317}. */
  GRPC("grpc", "http://localhost:4317"),
  /** OTLP protobuf over HTTP; default endpoint {@code http://localhost:4318}. */
  HTTP_PROTOBUF("http/protobuf", "http://localhost:4318");

  private final String configName;
  private final String defaultEndpoint;

  OtlpProtocol(String configName, String defaultEndpoint) {
    this.configName = configName;
    this.defaultEndpoint = defaultEndpoint;
  }

  /** Returns the name of this protocol in {@code otel.exporter.otlp.protocol}, for example {@code grpc}. */
  public String configName() {
    return configName;
  }

  /** Returns the endpoint used when none is configured: the OpenTelemetry specification's default. */
  public String defaultEndpoint() {
    return defaultEndpoint;
  }
}
