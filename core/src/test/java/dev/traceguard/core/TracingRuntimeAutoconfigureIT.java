package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TracingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves, against real OTLP/HTTP receivers on 127.0.0.1, that the standard per-signal {@code
 * otel.exporter.otlp.traces.*} keys loaded through {@link TracingConfig#from(PropertySource)} reach the SDK's
 * autoconfigure with the SDK's meaning: the traces endpoint is used exactly as given while the generic one gets
 * {@code /v1/traces} appended, the traces headers and gzip compression are sent, and of two property sources the
 * first one's value is the one exported to.
 */
class TracingRuntimeAutoconfigureIT {
  private static final String TRACES_ENDPOINT = "otel.exporter.otlp.traces.endpoint";

  private final List<TracingRuntime> runtimes = new ArrayList<>();
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void shutDown() throws Exception {
    for (TracingRuntime runtime : runtimes) {
      runtime.shutdown(Duration.ofSeconds(10));
    }
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  private <S extends AutoCloseable> S server(S server) {
    servers.add(server);
    return server;
  }

  /** Loads the properties (OTLP export, no retry) over {@code properties}. */
  private static TracingConfig config(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>();
    all.put("otel.service.name", "autoconfigure-it");
    all.put("otel.traces.exporter", "otlp");
    all.put("traceguard.exporter.otlp.retry.max-attempts", "1");
    all.putAll(properties);
    return TracingConfig.from(PropertySource.fromMap(all));
  }

  /** Starts a runtime for {@code config}, ends one span named {@code name} and flushes it. */
  private void exportOneSpan(TracingConfig config, String name) {
    TracingRuntime runtime = TracingRuntime.create(config);
    runtimes.add(runtime);
    runtime.start();
    runtime.tracer().spanBuilder(name).startSpan().end();
    assertThat(runtime.forceFlush(Duration.ofSeconds(10))).as("flushed in time").isTrue();
  }

  @Test
  void export_tracesEndpointWithPath_usedExactlyAsGiven() throws Exception {
    RecordingHttpServer server = server(RecordingHttpServer.start());

    exportOneSpan(config(Map.of(TRACES_ENDPOINT, server.baseUrl() + "/custom/traces")), "to-custom-path");

    assertThat(server.paths()).isNotEmpty().containsOnly("/custom/traces");
    assertThat(server.spanNames()).containsExactly("to-custom-path");
  }

  @Test
  void export_genericEndpoint_v1TracesAppended() throws Exception {
    RecordingHttpServer server = server(RecordingHttpServer.start());

    exportOneSpan(config(Map.of("otel.exporter.otlp.endpoint", server.baseUrl())), "to-generic-endpoint");

    assertThat(server.paths()).isNotEmpty().containsOnly("/v1/traces");
    assertThat(server.spanNames()).containsExactly("to-generic-endpoint");
  }

  @Test
  void export_tracesHeaders_arriveAsRequestHeader() throws Exception {
    OtlpHttpReceiver receiver = server(OtlpHttpReceiver.start(OtlpHttpReceiver.freePort()));
    TracingConfig config = config(Map.of(
        "otel.exporter.otlp.endpoint", receiver.endpoint(),
        "otel.exporter.otlp.traces.headers", "x-tenant=acme"));
    assertThat(config.sdkProperties()).containsEntry("otel.exporter.otlp.traces.headers", "x-tenant=acme");

    exportOneSpan(config, "with-tenant");

    assertThat(receiver.spanNames()).containsExactly("with-tenant");
    assertThat(receiver.lastHeaders()).containsEntry("x-tenant", "acme");
  }

  @Test
  void export_tracesCompressionGzip_bodyArrivesGzipped() throws Exception {
    OtlpHttpReceiver receiver = server(OtlpHttpReceiver.start(OtlpHttpReceiver.freePort()));
    TracingConfig config = config(Map.of(
        "otel.exporter.otlp.endpoint", receiver.endpoint(),
        "otel.exporter.otlp.traces.compression", "gzip"));
    // The generic compression is not set: the per-signal key alone turns gzip on.
    assertThat(config.sdkProperties()).doesNotContainKey("otel.exporter.otlp.compression");

    exportOneSpan(config, "compressed");

    // The receiver gunzips a body sent with Content-Encoding: gzip; the span decoding proves the body was gzip.
    assertThat(receiver.spanNames()).containsExactly("compressed");
    assertThat(receiver.lastHeaders()).containsEntry("content-encoding", "gzip");
  }

  @Test
  void export_noTracesCompression_bodyArrivesUncompressed() throws Exception {
    OtlpHttpReceiver receiver = server(OtlpHttpReceiver.start(OtlpHttpReceiver.freePort()));

    exportOneSpan(config(Map.of("otel.exporter.otlp.endpoint", receiver.endpoint())), "plain");

    assertThat(receiver.spanNames()).containsExactly("plain");
    assertThat(receiver.lastHeaders()).doesNotContainKey("content-encoding");
  }

  @Test
  void from_compositeSourcesBothSetTracesEndpoint_firstSourceWinsAndIsExportedTo() throws Exception {
    OtlpHttpReceiver first = server(OtlpHttpReceiver.start(OtlpHttpReceiver.freePort()));
    OtlpHttpReceiver second = server(OtlpHttpReceiver.start(OtlpHttpReceiver.freePort()));
    String firstEndpoint = first.endpoint() + "/v1/traces";
    PropertySource source = PropertySource.composite(
        PropertySource.fromMap(Map.of(
            "otel.service.name", "composite-it",
            "traceguard.exporter.otlp.retry.max-attempts", "1",
            TRACES_ENDPOINT, firstEndpoint)),
        PropertySource.fromMap(Map.of(TRACES_ENDPOINT, second.endpoint() + "/v1/traces")));

    TracingConfig config = TracingConfig.from(source);
    assertThat(config.sdkProperties()).containsEntry(TRACES_ENDPOINT, firstEndpoint);

    exportOneSpan(config, "to-first");

    assertThat(first.spanNames()).containsExactly("to-first");
    assertThat(second.requests()).isZero();
  }
}
