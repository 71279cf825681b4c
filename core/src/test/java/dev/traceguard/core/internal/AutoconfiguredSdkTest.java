package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
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

/** {@link AutoconfiguredSdk}: what the SDK built by autoconfigure holds, and the customizers Traceguard adds. */
class AutoconfiguredSdkTest {
  private static final String GRPC_PROBLEM =
      "otel.exporter.otlp.protocol='grpc': must be http/protobuf unless a gRPC sender is on the classpath"
          + " (add io.opentelemetry:opentelemetry-exporter-sender-okhttp or"
          + " opentelemetry-exporter-sender-grpc-managed-channel)";

  @TempDir Path tempDir;

  private final ExportCounters counters = new ExportCounters("pipeline-test", Long.MAX_VALUE);
  private final List<OpenTelemetrySdk> built = new ArrayList<>();

  @AfterEach
  void shutDownBuilt() {
    built.forEach(sdk -> sdk.shutdown().join(10, TimeUnit.SECONDS));
  }

  private OpenTelemetrySdk build(TracingConfig config, List<io.opentelemetry.sdk.trace.export.SpanExporter> extra) {
    OpenTelemetrySdk sdk = AutoconfiguredSdk.build(config,
        new ExportLedger("autoconfigure-test", counters, new QueueDropMonitor(counters)), extra,
        AutoconfiguredSdk.masker(config), getClass().getClassLoader());
    built.add(sdk);
    return sdk;
  }

  private OpenTelemetrySdk build(TracingConfig config) {
    return build(config, List.of());
  }

  private TracingConfig.Builder base() {
    return TracingConfig.builder().setServiceName("checkout").setFilePath(tempDir.resolve("spans.jsonl"))
        .setExporters(List.of());
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

    assertThat(build(config).getSdkTracerProvider().getSampler().getDescription()).isEqualTo(description);
  }

  private Resource resourceOf(TracingConfig config) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = build(config, List.of(memory));
    sdk.getTracer("t").spanBuilder("s").startSpan().end();
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    List<SpanData> spans = memory.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    return spans.get(0).getResource();
  }

  @Test
  void resource_fullConfig_hasServiceDeploymentCustomAndProcessAttributes() {
    Resource resource = resourceOf(base()
        .setServiceVersion("1.2.3")
        .setDeploymentEnvironment("staging")
        .setResourceAttributes(Map.of("team", "payments"))
        .build());

    assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("checkout");
    assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo("1.2.3");
    assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment.name"))).isEqualTo("staging");
    assertThat(resource.getAttribute(AttributeKey.stringKey("team"))).isEqualTo("payments");
    assertThat(resource.getAttribute(AttributeKey.longKey("process.pid"))).isEqualTo(ProcessHandle.current().pid());
    assertThat(resource.getAttribute(AttributeKey.stringKey("process.runtime.name")))
        .isEqualTo(System.getProperty("java.runtime.name"));
    assertThat(resource.getAttribute(AttributeKey.stringKey("process.runtime.version")))
        .isEqualTo(System.getProperty("java.runtime.version"));
    assertThat(resource.getAttribute(AttributeKey.stringKey("telemetry.sdk.language"))).isEqualTo("java");
  }

  @Test
  void resource_noVersionNorEnvironment_omitsThem() {
    Resource resource = resourceOf(base().build());

    assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isNull();
    assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment.name"))).isNull();
  }

  @Test
  void resource_resourceAttributeNamedServiceName_configuredServiceNameWins() {
    Resource resource = resourceOf(base().setResourceAttributes(Map.of("service.name", "other")).build());

    assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("checkout");
  }

  @Test
  void resource_valueWithCommaAndEquals_survivesTheSdksParsing() {
    Resource resource = resourceOf(base().setResourceAttributes(Map.of("team", "a,b=c%d")).build());

    assertThat(resource.getAttribute(AttributeKey.stringKey("team"))).isEqualTo("a,b=c%d");
  }

  @Test
  void otlp_httpProtobuf_passesEndpointTimeoutCompressionHeadersAndRetry() {
    TracingConfig config = base()
        .setExporters(List.of("otlp"))
        .setOtlpEndpoint("http://collector:4318/")
        .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofMillis(1234)).toMillis()))
        .setSdkProperty("otel.exporter.otlp.compression", "gzip")
        .setOtlpHeaders(Map.of("Authorization", "Bearer secret"))
        .setOtlpMaxAttempts(4)
        .setRetryBufferSize(7)
        .build();

    assertThat(build(config).getSdkTracerProvider().toString()).contains(
        "RetryingSpanExporter{OtlpHttpSpanExporter{endpoint=http://collector:4318/v1/traces,",
        "timeoutNanos=1234000000,",
        "compressorEncoding=gzip,",
        "Authorization=OBFUSCATED",
        "retryPolicy=RetryPolicy{maxAttempts=4,",
        ", capacity=7}");
  }

  @Test
  void otlp_oneAttempt_hasNoRetryPolicy() {
    TracingConfig config = base().setExporters(List.of("otlp")).setOtlpMaxAttempts(1).build();

    assertThat(build(config).getSdkTracerProvider().toString())
        .contains("OtlpHttpSpanExporter{").doesNotContain("retryPolicy=RetryPolicy");
  }

  @Test
  void start_grpcWithoutGrpcSender_throwsConfigurationExceptionAndStaysStopped() {
    TracingConfig config = base()
        .setSdkProperty("otel.exporter.otlp.protocol", "grpc")
        .setExporters(List.of("otlp", "file"))
        .build();
    TracingRuntime runtime = TracingRuntime.create(config);

    assertThatThrownBy(runtime::start)
        .isInstanceOfSatisfying(TraceguardConfigurationException.class,
            e -> assertThat(e.problems()).containsExactly(GRPC_PROBLEM));
    assertThat(runtime.isRunning()).isFalse();
    assertThat(runtime.tracer().spanBuilder("not-traced").startSpan().isRecording()).isFalse();
  }

  @Test
  void build_propagatorsConfigured_sdkUsesThemWithStrictTraceContext() {
    TracingConfig config = base().setPropagators(List.of("baggage", "tracecontext")).build();

    OpenTelemetrySdk sdk = build(config);

    assertThat(sdk.getPropagators().getTextMapPropagator().fields())
        .containsExactly("baggage", "traceparent", "tracestate");
    assertThat(sdk.getPropagators().getTextMapPropagator().toString()).contains("W3CPropagator");
  }

  @Test
  void build_retryDirectory_networkExporterKeepsFailedSpansInItsOwnSubdirectory() {
    Path directory = tempDir.resolve("retry");
    String processors = build(base().setExporters(List.of("zipkin", "file"))
        .setRetryDirectory(directory).build()).getSdkTracerProvider().toString();

    assertThat(processors)
        .contains("DirectoryRetryStore{" + directory.resolve("checkout_http_localhost_9411_api_v2_spans_ZipkinSpanExporter_"))
        .contains("RetryingSpanExporter{OtlpJsonFileSpanExporter{");
    assertThat(directory.resolve("checkout_http_localhost_9411_api_v2_spans_ZipkinSpanExporter_")).isDirectory();
  }

  @Test
  void build_retryDirectoryCannotBeCreated_failsNamingTheProperty() throws java.io.IOException {
    Path file = java.nio.file.Files.writeString(tempDir.resolve("a-file"), "not a directory");
    TracingConfig config = base().setRetryDirectory(file.resolve("retry")).build();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(config, List.of()))
        .isInstanceOf(TraceguardConfigurationException.class)
        .hasMessageContaining("traceguard.exporter.retry.directory='" + file.resolve("retry")
            + "': must be a directory Traceguard can create and write");
  }

  @Test
  void build_zipkin_isTraceguardsZipkinBehindRetryBufferAndMasking() {
    String processors = build(base().setExporters(List.of("zipkin")).build())
        .getSdkTracerProvider().toString();

    assertThat(processors).contains("MaskingSpanExporter", "RetryingSpanExporter{ZipkinSpanExporter{",
        ", capacity=" + TracingConfig.DEFAULT_RETRY_BUFFER_SIZE + "}");
  }

  @Test
  void build_consoleAndFile_noRetryBuffer() {
    String processors = build(base().setExporters(List.of("console", "file")).build())
        .getSdkTracerProvider().toString();

    assertThat(processors).contains("RetryingSpanExporter{ConsoleSpanExporter, capacity=0}",
        "RetryingSpanExporter{OtlpJsonFileSpanExporter{", "}, capacity=0}")
        .doesNotContain("capacity=" + TracingConfig.DEFAULT_RETRY_BUFFER_SIZE + "}, masker");
  }

  @Test
  void build_debugWithFile_addsConsole() {
    String processors = build(base().setExporters(List.of("file")).setDebug(true).build())
        .getSdkTracerProvider().toString();

    assertThat(processors).contains("ConsoleSpanExporter", "OtlpJsonFileSpanExporter{");
  }

  @Test
  void build_unknownProviderNames_reportsEveryOneAtOnce() {
    TracingConfig config = base().setExporters(List.of("otlp", "acme", "globex"))
        .setPropagators(List.of("tracecontext", "nope")).build();

    assertThatThrownBy(() -> build(config))
        .isInstanceOfSatisfying(TraceguardConfigurationException.class, e -> assertThat(e.problems())
            .hasSize(2)
            .anySatisfy(p -> assertThat(p).startsWith(
                "otel.traces.exporter='otlp,acme,globex': acme, globex are not a span exporter on the"
                    + " application's class path; must be a comma-separated list of ")
                .contains("console, ", "file, ", "jaeger, ", "otlp, ", "zipkin, or none alone"))
            .anySatisfy(p -> assertThat(p).startsWith(
                "otel.propagators='tracecontext,nope': nope is not a propagator on the application's class path")));
  }

  @Test
  void build_spanLimitFromSdkProperties_appliedByTheSdk() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = build(base().setSdkProperty("otel.span.attribute.count.limit", "2").build(),
        List.of(memory));

    sdk.getTracer("t").spanBuilder("s").setAttribute("a", 1).setAttribute("b", 2).setAttribute("c", 3)
        .startSpan().end();
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);

    assertThat(memory.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getAttributes().size()).isEqualTo(2))
        .satisfies(span -> assertThat(span.getTotalAttributeCount()).isEqualTo(3));
  }

  @Test
  void build_keyInTheSourceAndAsSystemProperty_theSourceWins() {
    String key = "otel.exporter.otlp.traces.endpoint";
    String previous = System.getProperty(key);
    System.setProperty(key, "http://from-a-system-property:4318/v1/traces");
    try {
      String processors = build(base().setExporters(List.of("otlp"))
          .setSdkProperty(key, "http://from-the-source:4318/custom").build())
          .getSdkTracerProvider().toString();

      assertThat(processors).contains("endpoint=http://from-the-source:4318/custom,")
          .doesNotContain("from-a-system-property");
    } finally {
      if (previous == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, previous);
      }
    }
  }

  @Test
  void build_metricsConsole_isTheOtlpJsonLoggingExporter() {
    OpenTelemetrySdk sdk = build(base().setSdkProperty("otel.metrics.exporter", "console").build());

    assertThat(sdk.getSdkMeterProvider().toString()).contains("OtlpJsonLoggingMetricExporter");
  }
}
