package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.ExporterType;
import dev.traceguard.api.OtlpProtocol;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdkPipelineTest {
  private static final String GRPC_PROBLEM =
      "otel.exporter.otlp.protocol='grpc': must be http/protobuf unless a gRPC sender is on the classpath"
          + " (add io.opentelemetry:opentelemetry-exporter-sender-okhttp or"
          + " opentelemetry-exporter-sender-grpc-managed-channel)";

  @TempDir Path tempDir;

  private final ExportCounters counters = new ExportCounters("pipeline-test", Long.MAX_VALUE);
  private final List<SpanExporter> built = new ArrayList<>();

  @AfterEach
  void shutDownBuiltExporters() {
    built.forEach(exporter -> exporter.shutdown().join(10, TimeUnit.SECONDS));
  }

  private List<SpanExporter> exporters(TracingConfig config) {
    List<SpanExporter> exporters = SdkPipeline.exporters(config, counters);
    built.addAll(exporters);
    return exporters;
  }

  private TracingConfig.Builder base() {
    return TracingConfig.builder().setServiceName("checkout").setFilePath(tempDir.resolve("spans.jsonl"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1.0  | true  | false | false | ParentBased{root:AlwaysOnSampler,remoteParentSampled:AlwaysOnSampler,"
          + "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
          + "localParentNotSampled:AlwaysOffSampler}",
      "1.0  | false | false | false | AlwaysOnSampler",
      "0.0  | true  | false | false | ParentBased{root:AlwaysOffSampler,remoteParentSampled:AlwaysOnSampler,"
          + "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
          + "localParentNotSampled:AlwaysOffSampler}",
      "0.0  | false | false | false | AlwaysOffSampler",
      "0.25 | true  | false | false | ParentBased{root:TraceIdRatioBased{0.250000},remoteParentSampled:AlwaysOnSampler,"
          + "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
          + "localParentNotSampled:AlwaysOffSampler}",
      "0.25 | false | false | false | TraceIdRatioBased{0.250000}",
      "0.25 | true  | true  | false | AlwaysOnSampler",
      "0.0  | false | true  | false | AlwaysOnSampler",
      "0.25 | false | false | true  | KeepErrors{TraceIdRatioBased{0.250000}}",
      "0.0  | false | false | true  | KeepErrors{AlwaysOffSampler}",
      "0.25 | true  | true  | true  | KeepErrors{AlwaysOnSampler}",
  })
  void sampler_configuration_hasExpectedDescription(
      double ratio, boolean parentBased, boolean debug, boolean keepErrors, String description) {
    TracingConfig config = base()
        .setSamplingRatio(ratio)
        .setParentBased(parentBased)
        .setDebug(debug)
        .setKeepErrors(keepErrors)
        .build();

    assertThat(SdkPipeline.sampler(config).getDescription()).isEqualTo(description);
  }

  @Test
  void sampler_keepErrors_isKeepErrorsSampler() {
    assertThat(SdkPipeline.sampler(base().setKeepErrors(true).build())).isInstanceOf(KeepErrorsSampler.class);
  }

  @Test
  void resource_fullConfig_hasServiceDeploymentCustomAndProcessAttributes() {
    TracingConfig config = base()
        .setServiceVersion("1.2.3")
        .setDeploymentEnvironment("staging")
        .setResourceAttributes(Map.of("team", "payments"))
        .build();

    Resource resource = SdkPipeline.resource(config);

    assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("checkout");
    assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo("1.2.3");
    assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment.name"))).isEqualTo("staging");
    assertThat(resource.getAttribute(AttributeKey.stringKey("team"))).isEqualTo("payments");
    assertThat(resource.getAttribute(AttributeKey.longKey("process.pid"))).isEqualTo(ProcessHandle.current().pid());
    assertThat(resource.getAttribute(AttributeKey.stringKey("process.runtime.name")))
        .isEqualTo(System.getProperty("java.runtime.name"));
    assertThat(resource.getAttribute(AttributeKey.stringKey("process.runtime.version")))
        .isEqualTo(System.getProperty("java.runtime.version"));
    // Merged over the SDK's default resource.
    assertThat(resource.getAttribute(AttributeKey.stringKey("telemetry.sdk.language"))).isEqualTo("java");
  }

  @Test
  void resource_noVersionNorEnvironment_omitsThem() {
    Resource resource = SdkPipeline.resource(base().build());

    assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isNull();
    assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment.name"))).isNull();
  }

  @Test
  void resource_resourceAttributeNamedServiceName_configuredServiceNameWins() {
    TracingConfig config = base().setResourceAttributes(Map.of("service.name", "other")).build();

    assertThat(SdkPipeline.resource(config).getAttribute(AttributeKey.stringKey("service.name")))
        .isEqualTo("checkout");
  }

  @ParameterizedTest
  @CsvSource({
      "http://localhost:4318,        http://localhost:4318/v1/traces",
      "http://localhost:4318/,       http://localhost:4318/v1/traces",
      "https://gateway:443/otlp,     https://gateway:443/otlp/v1/traces",
      "https://gateway:443/otlp/,    https://gateway:443/otlp/v1/traces",
  })
  void httpTracesEndpoint_baseEndpoint_appendsSignalPathOnce(String endpoint, String expected) {
    assertThat(SdkPipeline.httpTracesEndpoint(endpoint)).isEqualTo(expected);
  }

  @Test
  void otlp_httpProtobuf_passesEndpointTimeoutCompressionHeadersAndRetry() {
    TracingConfig config = base()
        .setOtlpEndpoint("http://collector:4318/")
        .setOtlpTimeout(Duration.ofMillis(1234))
        .setOtlpCompression("gzip")
        .setOtlpHeaders(Map.of("Authorization", "Bearer secret"))
        .setOtlpMaxAttempts(4)
        .build();

    SpanExporter exporter = SdkPipeline.otlp(config);
    built.add(exporter);

    assertThat(exporter.toString()).startsWith("OtlpHttpSpanExporter{").contains(
        "endpoint=http://collector:4318/v1/traces,",
        "timeoutNanos=1234000000,",
        "compressorEncoding=gzip,",
        "Authorization=OBFUSCATED",
        "retryPolicy=RetryPolicy{maxAttempts=4,");
  }

  @Test
  void otlp_oneAttempt_hasNoRetryPolicy() {
    SpanExporter exporter = SdkPipeline.otlp(base().setOtlpMaxAttempts(1).build());
    built.add(exporter);

    assertThat(exporter.toString()).doesNotContain("retryPolicy");
  }

  @Test
  void otlp_grpcWithoutGrpcSender_throwsConfigurationException() {
    TracingConfig config = base().setOtlpProtocol(OtlpProtocol.GRPC).build();

    assertThatThrownBy(() -> SdkPipeline.otlp(config))
        .isInstanceOfSatisfying(TraceguardConfigurationException.class,
            e -> assertThat(e.problems()).containsExactly(GRPC_PROBLEM))
        .hasMessage("Invalid Traceguard configuration (1 problem):\n  " + GRPC_PROBLEM);
  }

  @Test
  void start_grpcWithoutGrpcSender_throwsConfigurationExceptionAndStaysStopped() {
    TracingConfig config = base()
        .setOtlpProtocol(OtlpProtocol.GRPC)
        .setExporters(List.of(ExporterType.OTLP, ExporterType.FILE))
        .build();
    TracingRuntime runtime = TracingRuntime.create(config);

    assertThatThrownBy(runtime::start)
        .isInstanceOf(TraceguardConfigurationException.class)
        .hasMessageEndingWith(GRPC_PROBLEM);
    assertThat(runtime.isRunning()).isFalse();
    assertThat(runtime.tracer().spanBuilder("not-traced").startSpan().isRecording()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tracecontext,baggage | traceparent,tracestate,baggage",
      "baggage,tracecontext | baggage,traceparent,tracestate",
      "tracecontext         | traceparent,tracestate",
      "baggage              | baggage",
      "TraceContext         | traceparent,tracestate",
  })
  void textMapPropagator_names_injectTheirFieldsInOrder(String names, String fields) {
    TextMapPropagator propagator = SdkPipeline.textMapPropagator(List.of(names.split(",")));

    assertThat(propagator.fields()).containsExactly(fields.split(","));
  }

  @Test
  void textMapPropagator_noNames_isNoop() {
    assertThat(SdkPipeline.textMapPropagator(List.of())).isSameAs(TextMapPropagator.noop());
  }

  @Test
  void textMapPropagator_unknownName_throwsIllegalArgument() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SdkPipeline.textMapPropagator(List.of("tracecontext", "b3")))
        .withMessage("unknown propagator b3");
  }

  @Test
  void build_propagatorsConfigured_sdkUsesThem() {
    TracingConfig config = base().setExporters(List.of()).setPropagators(List.of("baggage")).build();
    QueueDropMonitor queueDrops = new QueueDropMonitor(counters);

    OpenTelemetrySdk sdk = SdkPipeline.build(config, counters, queueDrops, List.of());
    try {
      assertThat(sdk.getPropagators().getTextMapPropagator().fields()).containsExactly("baggage");
    } finally {
      sdk.close();
      queueDrops.meterProvider().close();
    }
  }

  @Test
  void exporters_otlp_isOtlpHttpBehindRetryBuffer() {
    List<SpanExporter> exporters = exporters(base()
        .setExporters(List.of(ExporterType.OTLP))
        .setOtlpEndpoint("http://collector:4318")
        .setRetryBufferSize(7)
        .build());

    assertThat(exporters).singleElement().isInstanceOf(RetryingSpanExporter.class).asString()
        .startsWith("RetryingSpanExporter{OtlpHttpSpanExporter{endpoint=http://collector:4318/v1/traces,")
        .endsWith(", capacity=7}");
  }

  @Test
  void exporters_zipkin_isZipkinBehindRetryBuffer() {
    List<SpanExporter> exporters = exporters(base().setExporters(List.of(ExporterType.ZIPKIN)).build());

    assertThat(exporters).singleElement().isInstanceOf(RetryingSpanExporter.class).asString()
        .startsWith("RetryingSpanExporter{ZipkinSpanExporter{")
        .endsWith(", capacity=" + TracingConfig.DEFAULT_RETRY_BUFFER_SIZE + "}");
  }

  @Test
  void exporters_console_isConsoleWithoutRetryBuffer() {
    List<SpanExporter> exporters = exporters(base().setExporters(List.of(ExporterType.CONSOLE)).build());

    assertThat(exporters).singleElement().isInstanceOf(ConsoleSpanExporter.class);
  }

  @Test
  void exporters_file_isFileExporterOnConfiguredPath() {
    Path file = tempDir.resolve("out/spans.jsonl");
    List<SpanExporter> exporters =
        exporters(base().setExporters(List.of(ExporterType.FILE)).setFilePath(file).build());

    assertThat(exporters).singleElement().isInstanceOf(OtlpJsonFileSpanExporter.class)
        .hasToString("OtlpJsonFileSpanExporter{" + file.toAbsolutePath().normalize() + "}");
  }

  @Test
  void exporters_none_isEmpty() {
    assertThat(exporters(base().setExporters(List.of()).build())).isEmpty();
  }

  @Test
  void exporters_debugWithoutExporters_addsConsole() {
    List<SpanExporter> exporters = exporters(base().setExporters(List.of()).setDebug(true).build());

    assertThat(exporters).singleElement().isInstanceOf(ConsoleSpanExporter.class);
  }

  @Test
  void exporters_debugWithConsole_keepsOneConsole() {
    List<SpanExporter> exporters =
        exporters(base().setExporters(List.of(ExporterType.CONSOLE)).setDebug(true).build());

    assertThat(exporters).singleElement().isInstanceOf(ConsoleSpanExporter.class);
  }

  @Test
  void exporters_debugWithFile_keepsFileAndAddsConsole() {
    List<SpanExporter> exporters =
        exporters(base().setExporters(List.of(ExporterType.FILE)).setDebug(true).build());

    assertThat(exporters).hasSize(2)
        .hasExactlyElementsOfTypes(ConsoleSpanExporter.class, OtlpJsonFileSpanExporter.class);
  }

  @Test
  void exporters_allTypes_oneOfEachInDeclarationOrder() {
    List<SpanExporter> exporters = exporters(base().setExporters(List.of(
        ExporterType.FILE, ExporterType.CONSOLE, ExporterType.ZIPKIN, ExporterType.OTLP)).build());

    assertThat(exporters).hasExactlyElementsOfTypes(
        RetryingSpanExporter.class, RetryingSpanExporter.class,
        ConsoleSpanExporter.class, OtlpJsonFileSpanExporter.class);
    assertThat(exporters.get(0).toString()).startsWith("RetryingSpanExporter{OtlpHttpSpanExporter{");
    assertThat(exporters.get(1).toString()).startsWith("RetryingSpanExporter{ZipkinSpanExporter{");
  }
}
