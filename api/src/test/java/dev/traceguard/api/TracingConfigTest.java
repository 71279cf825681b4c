package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracingConfigTest {

  @Test
  void builder_nothingSet_holdsDocumentedDefaults() {
    TracingConfig config = TracingConfig.builder().build();

    assertThat(config.isEnabled()).isTrue();
    assertThat(config.serviceName()).isEqualTo("unknown_service");
    assertThat(config.serviceVersion()).isEmpty();
    assertThat(config.deploymentEnvironment()).isEmpty();
    assertThat(config.resourceAttributes()).isEmpty();
    assertThat(config.samplingRatio()).isEqualTo(1.0);
    assertThat(config.isParentBased()).isTrue();
    assertThat(config.isKeepErrors()).isFalse();
    assertThat(config.exporters()).containsExactly("otlp");
    assertThat(config.otlpEndpoint()).isEmpty();
    assertThat(config.sdkProperties()).isEmpty();
    assertThat(config.otlpHeaders()).isEmpty();
    assertThat(config.otlpMaxAttempts()).isEqualTo(3);
    assertThat(config.retryBufferSize()).isEqualTo(2048);
    assertThat(config.retryInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.retryDirectory()).isEmpty();
    assertThat(config.retryDirectoryMaxBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.attributeValueLengthLimit()).isEqualTo(4096);
    assertThat(config.isServerErrorOn4xx()).isFalse();
    assertThat(config.isTraceResponse()).isTrue();
    assertThat(config.serverRequestHeaders()).isEmpty();
    assertThat(config.serverResponseHeaders()).isEmpty();
    assertThat(config.clientRequestHeaders()).isEmpty();
    assertThat(config.clientResponseHeaders()).isEmpty();
    assertThat(config.filePath()).isEqualTo(Path.of("traceguard-spans.jsonl"));
    assertThat(config.scheduleDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxQueueSize()).isEqualTo(2048);
    assertThat(config.maxExportBatchSize()).isEqualTo(512);
    assertThat(config.exportTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.propagators()).containsExactly("tracecontext", "baggage");
    assertThat(config.isDebug()).isFalse();
    assertThat(config.isPiiMaskingEnabled()).isTrue();
    assertThat(config.piiPatterns()).isEmpty();
    assertThat(config.piiDetectors()).containsExactlyInAnyOrder(PiiDetector.values());
    assertThat(config.piiRedactHeaders()).isEmpty();
    assertThat(config.stackTraceMode()).isEqualTo(StackTraceMode.SANITIZED);
    assertThat(config.maxStackFrames()).isEqualTo(50);
    assertThat(config.serverSkipPattern()).map(Pattern::pattern).contains("/(health|metrics)(/.*)?");
  }

  @Test
  void defaultSkipPattern_healthMetricsAndBelow_matchOthersDoNot() {
    Pattern skip = TracingConfig.builder().build().serverSkipPattern().orElseThrow();

    assertThat(List.of("/health", "/health/live", "/metrics", "/metrics/base"))
        .allMatch(path -> skip.matcher(path).matches());
    assertThat(List.of("/", "/healthy", "/api/health", "/metricsx", "/api/users/1"))
        .noneMatch(path -> skip.matcher(path).matches());
  }

  @Test
  void disabled_always_isCachedAndTurnsEverythingOff() {
    TracingConfig disabled = TracingConfig.disabled();

    assertThat(disabled).isSameAs(TracingConfig.disabled());
    assertThat(disabled.isEnabled()).isFalse();
    assertThat(disabled.exporters()).isEmpty();
  }

  @Test
  void development_always_isCachedAlwaysOnConsoleFullStackTraces() {
    TracingConfig development = TracingConfig.development();

    assertThat(development).isSameAs(TracingConfig.development());
    assertThat(development.isEnabled()).isTrue();
    assertThat(development.samplingRatio()).isEqualTo(1.0);
    assertThat(development.isParentBased()).isFalse();
    assertThat(development.exporters()).containsExactly("console");
    assertThat(development.stackTraceMode()).isEqualTo(StackTraceMode.FULL);
  }

  @Test
  void production_endpoint_isOtlpParentBasedTenthSanitized() {
    TracingConfig production = TracingConfig.production("https://collector.example:4318");

    assertThat(production.exporters()).containsExactly("otlp");
    assertThat(production.otlpEndpoint()).contains("https://collector.example:4318");
    assertThat(production.samplingRatio()).isEqualTo(0.1);
    assertThat(production.isParentBased()).isTrue();
    assertThat(production.stackTraceMode()).isEqualTo(StackTraceMode.SANITIZED);
  }

  @Test
  void production_ratioOverridden_keepsTheRest() {
    TracingConfig production = TracingConfig.production("https://collector.example:4318");

    TracingConfig adjusted = production.toBuilder().setSamplingRatio(0.5).build();

    assertThat(adjusted.samplingRatio()).isEqualTo(0.5);
    assertThat(adjusted.otlpEndpoint()).contains("https://collector.example:4318");
    assertThat(adjusted.isParentBased()).isTrue();
  }

  @Test
  void production_notAUrl_throwsNamingTheField() {
    assertThatThrownBy(() -> TracingConfig.production("collector:4317"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("otlpEndpoint must be an absolute http or https URL, was 'collector:4317'");
  }

  @Test
  void toBuilder_everyFieldSet_buildsAnEqualConfig(@TempDir Path dir) throws IOException {
    TracingConfig config = everyFieldSet(dir);

    TracingConfig copy = config.toBuilder().build();

    assertThat(copy).isEqualTo(config).hasSameHashCodeAs(config).isNotSameAs(config);
    assertThat(copy.toString()).isEqualTo(config.toString());
  }

  @Test
  void equals_oneFieldDiffers_notEqual(@TempDir Path dir) throws IOException {
    TracingConfig config = everyFieldSet(dir);

    assertThat(config.toBuilder().setMaxStackFrames(7).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setServerSkipPattern(Pattern.compile("/other")).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setServerSkipPattern(null).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setOtlpHeaders(Map.of()).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setOtlpMaxAttempts(1).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setRetryBufferSize(1).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setAttributeValueLengthLimit(1).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setServerErrorOn4xx(false).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setTraceResponse(true).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setServerRequestHeaders(List.of()).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setServerResponseHeaders(List.of()).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setClientRequestHeaders(List.of()).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setClientResponseHeaders(List.of()).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setPiiDetectors(List.of()).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setPiiRedactHeaders(List.of()).build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setSdkProperty("otel.metrics.exporter", "none").build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setSdkProperty("otel.exporter.prometheus.host", "0.0.0.0").build()).isNotEqualTo(config);
    assertThat(config.toBuilder().setSdkProperty("otel.exporter.prometheus.port", String.valueOf(9464)).build()).isNotEqualTo(config);
    assertThat(config).isNotEqualTo("a string");
  }

  @Test
  void toString_otlpHeaders_hidesTheirValues() {
    TracingConfig config =
        TracingConfig.builder().setOtlpHeaders(Map.of("Authorization", "Bearer s3cr3t", "x-tenant", "acme")).build();

    assertThat(config.toString())
        .contains("otlpHeaders={Authorization=***, x-tenant=***}")
        .doesNotContain("s3cr3t")
        .doesNotContain("acme");
  }

  @Test
  void exporters_returned_isUnmodifiable() {
    List<String> exporters = TracingConfig.builder().build().exporters();

    assertThatThrownBy(() -> exporters.add("file")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void setPiiPatterns_sameNameTwice_lastWinsAndSortedByName() {
    TracingConfig config = TracingConfig.builder()
        .setPiiPatterns(List.of(PiiPattern.of("zeta", "z+"), PiiPattern.of("alpha", "a+"), PiiPattern.of("zeta", "zz")))
        .build();

    assertThat(config.piiPatterns()).containsExactly(PiiPattern.of("alpha", "a+"), PiiPattern.of("zeta", "zz"));
  }

  @Test
  void setPropagators_duplicates_keepsFirstOccurrenceOrder() {
    TracingConfig config =
        TracingConfig.builder().setPropagators(List.of("baggage", "tracecontext", "baggage")).build();

    assertThat(config.propagators()).containsExactly("baggage", "tracecontext");
  }

  @Test
  void setServiceName_controlCharacter_throwsWithRule() {
    assertThatThrownBy(() -> TracingConfig.builder().setServiceName("my\tservice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("serviceName must be 1 to 255 characters, not blank, no control characters, was 'my\tservice'");
  }

  @Test
  void setServiceName_anyTextOpenTelemetryAccepts_kept() {
    assertThat(TracingConfig.builder().setServiceName("org/eclipse/microprofile/telemetry").build().serviceName())
        .isEqualTo("org/eclipse/microprofile/telemetry");
    assertThat(TracingConfig.builder().setServiceName("my service").build().serviceName()).isEqualTo("my service");
    assertThatThrownBy(() -> TracingConfig.builder().setServiceName("   "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TracingConfig.builder().setServiceName("x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void setServiceName_null_throwsNamingTheField() {
    assertThatThrownBy(() -> TracingConfig.builder().setServiceName(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("serviceName");
  }

  @Test
  void setServiceVersion_blank_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setServiceVersion(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("serviceVersion must be non-blank or null, was ' '");
  }

  @Test
  void setDeploymentEnvironment_null_clears() {
    TracingConfig config = TracingConfig.builder().setDeploymentEnvironment("prod").build();

    assertThat(config.toBuilder().setDeploymentEnvironment(null).build().deploymentEnvironment()).isEmpty();
  }

  @Test
  void setResourceAttributes_blankKey_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setResourceAttributes(Map.of(" ", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resourceAttributes must have non-blank keys, was '[ ]'");
  }

  @Test
  void setSamplingRatio_outsideZeroToOne_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setSamplingRatio(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplingRatio must be a number in [0, 1], was '1.5'");
    assertThatThrownBy(() -> TracingConfig.builder().setSamplingRatio(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplingRatio must be a number in [0, 1], was 'NaN'");
  }

  @Test
  void setSamplingRatio_bounds_accepted() {
    assertThat(TracingConfig.builder().setSamplingRatio(0.0).build().samplingRatio()).isEqualTo(0.0);
    assertThat(TracingConfig.builder().setSamplingRatio(1.0).build().samplingRatio()).isEqualTo(1.0);
  }

  @Test
  void setOtlpEndpoint_relativeOrUnparsable_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setOtlpEndpoint("/v1/traces"))
        .hasMessage("otlpEndpoint must be an absolute http or https URL, was '/v1/traces'");
    assertThatThrownBy(() -> TracingConfig.builder().setOtlpEndpoint("http://bad host:4318"))
        .hasMessage("otlpEndpoint must be an absolute http or https URL, was 'http://bad host:4318'");
  }

  @Test
  void setExportTimeout_negative_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setExportTimeout(Duration.ofMillis(-1)))
        .hasMessageStartingWith("exportTimeout must be a positive duration");
  }

  @Test
  void setRetryBackoff_zeroOrNegative_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setRetryInitialBackoff(Duration.ZERO))
        .hasMessageStartingWith("retryInitialBackoff must be a positive duration");
    assertThatThrownBy(() -> TracingConfig.builder().setRetryMaxBackoff(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("retryMaxBackoff must be a positive duration");
  }

  @Test
  void setRetryDirectory_blankOrSizeNotPositive_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setRetryDirectory(Path.of(" ")))
        .hasMessageStartingWith("retryDirectory must be a non-empty directory path");
    assertThatThrownBy(() -> TracingConfig.builder().setRetryDirectoryMaxBytes(0))
        .hasMessageStartingWith("retryDirectoryMaxBytes must be a positive size");
  }

  @Test
  void setShutdownTimeout_zero_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setShutdownTimeout(Duration.ZERO))
        .hasMessageStartingWith("shutdownTimeout must be a positive duration");
  }

  @Test
  void setScheduleDelay_zero_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setScheduleDelay(Duration.ZERO))
        .hasMessageStartingWith("scheduleDelay must be a positive duration");
  }

  @Test
  void setFilePath_empty_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setFilePath(Path.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filePath must be a non-empty file path, was ''");
  }

  @Test
  void setMaxQueueSize_zero_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setMaxQueueSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxQueueSize must be a positive integer, at least otel.bsp.max.export.batch.size, was '0'");
  }

  @Test
  void setMaxExportBatchSize_negative_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setMaxExportBatchSize(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxExportBatchSize must be a positive integer, at most otel.bsp.max.queue.size, was '-5'");
  }

  @Test
  void build_batchLargerThanQueue_throws() {
    TracingConfig.Builder builder = TracingConfig.builder().setMaxQueueSize(100).setMaxExportBatchSize(200);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxExportBatchSize must be at most maxQueueSize (100), was '200'");
  }

  @Test
  void build_batchEqualToQueue_accepted() {
    TracingConfig config = TracingConfig.builder().setMaxQueueSize(64).setMaxExportBatchSize(64).build();

    assertThat(config.maxExportBatchSize()).isEqualTo(config.maxQueueSize()).isEqualTo(64);
  }

  @Test
  void addPiiPattern_matchesTheEmptyString_throwsNamingTheRule() {
    assertThatThrownBy(() -> TracingConfig.builder().addPiiPattern(PiiPattern.of("loose", "x*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pattern loose must be a valid Java regular expression that cannot match the empty string,"
            + " was 'x*'");
  }

  @Test
  void setPropagators_nameOutsideTheGrammar_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setPropagators(List.of("tracecontext", "B3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("propagators must be a comma-separated list of propagator names (tracecontext, baggage; b3,"
            + " b3multi, jaeger, ottrace with opentelemetry-extension-trace-propagators; or the name of a"
            + " ConfigurablePropagatorProvider on the class path), or none alone, was '[tracecontext, B3]'");
  }

  @Test
  void setPropagators_providerNames_keptInOrderOnce() {
    assertThat(TracingConfig.builder().setPropagators(List.of("b3", "tracecontext", "b3")).build().propagators())
        .containsExactly("b3", "tracecontext");
  }

  @Test
  void setExporters_none_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setExporters(List.of("none")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("exporters must be a comma-separated list of exporter names");
  }

  @Test
  void setSdkProperties_nonOtelKey_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setSdkProperties(java.util.Map.of("traceguard.debug", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sdkProperties must have otel.* keys and non-null values, was 'traceguard.debug'");
  }

  @Test
  void toString_sdkHeaders_hidden() {
    TracingConfig config = TracingConfig.builder()
        .setSdkProperties(java.util.Map.of("otel.exporter.otlp.traces.headers", "Authorization=Bearer s3cret"))
        .build();

    assertThat(config.toString()).contains("otel.exporter.otlp.traces.headers=<hidden, 27 characters>")
        .doesNotContain("s3cret");
  }

  @Test
  void setMaxStackFrames_zero_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setMaxStackFrames(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxStackFrames must be a positive integer, was '0'");
  }

  @Test
  void setOtlpMaxAttempts_zero_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setOtlpMaxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("otlpMaxAttempts must be an integer from 1 to 5 (the OpenTelemetry exporter's limit), was '0'");
    assertThatThrownBy(() -> TracingConfig.builder().setOtlpMaxAttempts(6))
        .hasMessage("otlpMaxAttempts must be an integer from 1 to 5 (the OpenTelemetry exporter's limit), was '6'");
  }

  @Test
  void setRetryBufferSize_negative_throwsZeroAccepted() {
    assertThatThrownBy(() -> TracingConfig.builder().setRetryBufferSize(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryBufferSize must be a non-negative integer, was '-1'");
    assertThat(TracingConfig.builder().setRetryBufferSize(0).build().retryBufferSize()).isZero();
  }

  @Test
  void setAttributeValueLengthLimit_zero_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setAttributeValueLengthLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attributeValueLengthLimit must be a positive integer, was '0'");
  }

  @Test
  void setPiiRedactHeaders_mixedCase_storedLowerCaseAndTrimmed() {
    TracingConfig config = TracingConfig.builder().setPiiRedactHeaders(List.of(" X-Session-Id ", "x-tenant")).build();

    assertThat(config.piiRedactHeaders()).containsExactlyInAnyOrder("x-session-id", "x-tenant");
  }

  @Test
  void setPiiRedactHeaders_nameWithSpace_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setPiiRedactHeaders(List.of("x-a", "x session")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("piiRedactHeaders must be a comma-separated list of HTTP header names, was '[x-a, x session]'");
  }

  @Test
  void setServerRequestHeaders_nameWithColonOrControlCharacter_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setServerRequestHeaders(List.of("x-tenant:")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("serverRequestHeaders must be a comma-separated list of HTTP header names, was '[x-tenant:]'");
    assertThatThrownBy(() -> TracingConfig.builder().setClientResponseHeaders(List.of("x\u0007bell")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void setServerRequestHeaders_everyTokenCharacter_accepted() {
    TracingConfig config = TracingConfig.builder().setServerRequestHeaders(List.of("X-A!#$%&'*+.^_`|~9")).build();

    assertThat(config.serverRequestHeaders()).containsExactly("x-a!#$%&'*+.^_`|~9");
  }

  @Test
  void setPiiRedactHeaders_blankName_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setPiiRedactHeaders(List.of("x-a", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("piiRedactHeaders must be a comma-separated list of HTTP header names, was '[x-a,  ]'");
  }

  @Test
  void setServerRequestHeaders_mixedCaseAndDuplicates_lowerCaseOnceInOrder() {
    TracingConfig config =
        TracingConfig.builder().setServerRequestHeaders(List.of("X-Request-Id", " accept ", "x-request-id")).build();

    assertThat(config.serverRequestHeaders()).containsExactly("x-request-id", "accept");
  }

  @Test
  void setClientResponseHeaders_blankName_throws() {
    assertThatThrownBy(() -> TracingConfig.builder().setClientResponseHeaders(List.of("etag", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clientResponseHeaders must be a comma-separated list of HTTP header names, was '[etag, ]'");
  }

  @Test
  void setPiiDetectors_empty_meansNone() {
    assertThat(TracingConfig.builder().setPiiDetectors(List.of()).build().piiDetectors()).isEmpty();
  }

  @Test
  void setExporters_nullElement_throwsNamingIt() {
    assertThatThrownBy(() -> TracingConfig.builder().setExporters(java.util.Arrays.asList("otlp", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("exporters element");
  }

  @Test
  void setExporters_empty_meansNone() {
    assertThat(TracingConfig.builder().setExporters(List.of()).build().exporters()).isEmpty();
  }

  static TracingConfig everyFieldSet(Path dir) throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
    Path key = Files.writeString(dir.resolve("key.pem"), "key");
    Path cert = Files.writeString(dir.resolve("cert.pem"), "cert");
    return TracingConfig.builder()
        .setEnabled(true)
        .setServiceName("checkout")
        .setServiceVersion("1.2.3")
        .setDeploymentEnvironment("staging")
        .setResourceAttributes(Map.of("team", "payments"))
        .setSamplingRatio(0.25)
        .setParentBased(false)
        .setKeepErrors(true)
        .setExporters(List.of("zipkin", "file"))
        .setSdkProperty("otel.metrics.exporter", "prometheus,console")
        .setSdkProperty("otel.exporter.prometheus.host", "127.0.0.1")
        .setSdkProperty("otel.exporter.prometheus.port", String.valueOf(19464))
        .setSdkProperty("otel.exporter.otlp.protocol", "grpc")
        .setOtlpEndpoint("https://otel.example:4317")
        .setOtlpHeaders(Map.of("Authorization", "Bearer t"))
        .setSdkProperty("otel.exporter.otlp.certificate", String.valueOf(ca))
        .setSdkProperty("otel.exporter.otlp.client.key", String.valueOf(key))
        .setSdkProperty("otel.exporter.otlp.client.certificate", String.valueOf(cert))
        .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(3)).toMillis()))
        .setSdkProperty("otel.exporter.otlp.compression", "gzip")
        .setOtlpMaxAttempts(5)
        .setRetryBufferSize(0)
        .setAttributeValueLengthLimit(100)
        .setServerErrorOn4xx(true)
        .setTraceResponse(false)
        .setServerRequestHeaders(List.of("X-Request-Id"))
        .setServerResponseHeaders(List.of("Content-Type"))
        .setClientRequestHeaders(List.of("Accept"))
        .setClientResponseHeaders(List.of("ETag"))
        .setSdkProperty("otel.exporter.zipkin.endpoint", "http://zipkin.example:9411/api/v2/spans")
        .setFilePath(dir.resolve("spans.jsonl"))
        .setScheduleDelay(Duration.ofMillis(250))
        .setMaxQueueSize(4096)
        .setMaxExportBatchSize(1024)
        .setExportTimeout(Duration.ofSeconds(12))
        .setShutdownTimeout(Duration.ofSeconds(4))
        .setPropagators(List.of("tracecontext"))
        .setDebug(true)
        .setPiiMaskingEnabled(false)
        .addPiiPattern(PiiPattern.of("order", "ORD-\\d+"))
        .setPiiDetectors(List.of(PiiDetector.EMAIL))
        .setPiiRedactHeaders(List.of("X-Session-Id"))
        .setStackTraceMode(StackTraceMode.NONE)
        .setMaxStackFrames(9)
        .setServerSkipPattern(Pattern.compile("/ping"))
        .build();
  }
}
