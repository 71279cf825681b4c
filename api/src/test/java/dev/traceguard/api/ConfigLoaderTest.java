package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading {@link TracingConfig} from properties: every documented property, and every rule's exact message. */
class ConfigLoaderTest {

  private static TracingConfig load(Map<String, String> properties) {
    return TracingConfig.from(PropertySource.fromMap(properties));
  }

  private static String problemOf(String name, String value) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> load(Map.of(name, value)));
    assertThat(thrown).isInstanceOf(TraceguardConfigurationException.class);
    TraceguardConfigurationException e = (TraceguardConfigurationException) thrown;
    assertThat(e.problems()).hasSize(1);
    assertThat(e).hasMessage("Invalid Traceguard configuration (1 problem):\n  " + e.problems().get(0));
    return e.problems().get(0);
  }

  @Test
  void from_everyDocumentedProperty_setsEveryField(@TempDir Path dir) throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
    Path key = Files.writeString(dir.resolve("key.pem"), "key");
    Path cert = Files.writeString(dir.resolve("cert.pem"), "cert");
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.sdk.disabled", "true");
    properties.put("otel.service.name", "checkout");
    properties.put("otel.resource.attributes",
        "service.version=1.2.3,deployment.environment.name=staging,team=pay%20ments");
    properties.put("otel.traces.sampler", "traceidratio");
    properties.put("otel.traces.sampler.arg", "0.25");
    properties.put("traceguard.sampler.keep-errors", "true");
    properties.put("otel.traces.exporter", "zipkin, file,console");
    properties.put("otel.exporter.otlp.protocol", "grpc");
    properties.put("otel.metrics.exporter", "prometheus, OTLP");
    properties.put("otel.exporter.prometheus.host", "127.0.0.1");
    properties.put("otel.exporter.prometheus.port", "19464");
    properties.put("otel.exporter.otlp.endpoint", "https://otel.example:4317");
    properties.put("otel.exporter.otlp.headers", "Authorization=Bearer%20t,x-tenant=acme");
    properties.put("otel.exporter.otlp.certificate", ca.toString());
    properties.put("otel.exporter.otlp.client.key", key.toString());
    properties.put("otel.exporter.otlp.client.certificate", cert.toString());
    properties.put("otel.exporter.otlp.timeout", "3s");
    properties.put("otel.exporter.otlp.compression", "GZIP");
    properties.put("traceguard.exporter.otlp.retry.max-attempts", "5");
    properties.put("traceguard.exporter.retry.buffer-size", "0");
    properties.put("traceguard.exporter.retry.initial-backoff", "200ms");
    properties.put("traceguard.exporter.retry.max-backoff", "2s");
    properties.put("traceguard.exporter.retry.directory", dir.resolve("spill").toString());
    properties.put("traceguard.exporter.retry.directory.max-size", "3 MB");
    properties.put("otel.attribute.value.length.limit", "256");
    properties.put("traceguard.server.error-on-4xx", "true");
    properties.put("traceguard.server.traceresponse", "false");
    properties.put("otel.instrumentation.http.server.capture-request-headers", "X-Request-Id, Accept");
    properties.put("otel.instrumentation.http.server.capture-response-headers", "Content-Type");
    properties.put("otel.instrumentation.http.client.capture-request-headers", "Accept");
    properties.put("otel.instrumentation.http.client.capture-response-headers", "ETag");
    properties.put("otel.exporter.zipkin.endpoint", "http://zipkin.example:9411/api/v2/spans");
    properties.put("traceguard.exporter.file.path", dir.resolve("spans.jsonl").toString());
    properties.put("otel.bsp.schedule.delay", "250");
    properties.put("otel.bsp.max.queue.size", "4096");
    properties.put("otel.bsp.max.export.batch.size", "1024");
    properties.put("otel.bsp.export.timeout", "1m");
    properties.put("traceguard.shutdown.timeout", "4s");
    properties.put("otel.propagators", "tracecontext");
    properties.put("traceguard.debug", "TRUE");
    properties.put("traceguard.pii.enabled", "false");
    properties.put("traceguard.pii.patterns.order", "ORD-\\d+");
    properties.put("traceguard.pii.detectors", "email, card");
    properties.put("traceguard.pii.redact-headers", "X-Session-Id,X-Tenant");
    properties.put("traceguard.pii.patterns.badge", "B\\d{6}");
    properties.put("traceguard.exception.stacktrace", "none");
    properties.put("traceguard.exception.max-frames", "9");
    properties.put("traceguard.server.skip-pattern", "/ping|/ready");

    TracingConfig config = load(properties);

    assertThat(config.isEnabled()).isFalse();
    assertThat(config.serviceName()).isEqualTo("checkout");
    assertThat(config.serviceVersion()).contains("1.2.3");
    assertThat(config.deploymentEnvironment()).contains("staging");
    assertThat(config.resourceAttributes()).containsExactly(Map.entry("team", "pay ments"));
    assertThat(config.samplingRatio()).isEqualTo(0.25);
    assertThat(config.isParentBased()).isFalse();
    assertThat(config.isKeepErrors()).isTrue();
    assertThat(config.exporters()).containsExactlyInAnyOrder(
        "zipkin", "file", "console");
    assertThat(config.sdkProperties()).containsEntry("otel.exporter.otlp.protocol", "grpc")
        .containsEntry("otel.metrics.exporter", "prometheus,otlp")
        .containsEntry("otel.exporter.prometheus.host", "127.0.0.1")
        .containsEntry("otel.exporter.prometheus.port", "19464")
        .containsEntry("otel.exporter.otlp.certificate", ca.toString())
        .containsEntry("otel.exporter.otlp.client.key", key.toString())
        .containsEntry("otel.exporter.otlp.client.certificate", cert.toString())
        .containsEntry("otel.exporter.otlp.timeout", "3s")
        .containsEntry("otel.exporter.otlp.compression", "GZIP")
        .containsEntry("otel.exporter.zipkin.endpoint", "http://zipkin.example:9411/api/v2/spans");
    assertThat(config.otlpEndpoint()).contains("https://otel.example:4317");
    assertThat(config.otlpHeaders()).containsOnly(
        Map.entry("Authorization", "Bearer t"), Map.entry("x-tenant", "acme"));
    assertThat(config.otlpMaxAttempts()).isEqualTo(5);
    assertThat(config.retryBufferSize()).isZero();
    assertThat(config.retryInitialBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.retryDirectory()).contains(dir.resolve("spill"));
    assertThat(config.retryDirectoryMaxBytes()).isEqualTo(3L * 1024 * 1024);
    assertThat(config.attributeValueLengthLimit()).isEqualTo(256);
    assertThat(config.isServerErrorOn4xx()).isTrue();
    assertThat(config.isTraceResponse()).isFalse();
    assertThat(config.serverRequestHeaders()).containsExactly("x-request-id", "accept");
    assertThat(config.serverResponseHeaders()).containsExactly("content-type");
    assertThat(config.clientRequestHeaders()).containsExactly("accept");
    assertThat(config.clientResponseHeaders()).containsExactly("etag");
    assertThat(config.filePath()).isEqualTo(dir.resolve("spans.jsonl"));
    assertThat(config.scheduleDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.maxQueueSize()).isEqualTo(4096);
    assertThat(config.maxExportBatchSize()).isEqualTo(1024);
    assertThat(config.exportTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(config.propagators()).containsExactly("tracecontext");
    assertThat(config.isDebug()).isTrue();
    assertThat(config.isPiiMaskingEnabled()).isFalse();
    assertThat(config.piiPatterns()).containsExactly(
        PiiPattern.of("badge", "B\\d{6}"), PiiPattern.of("order", "ORD-\\d+"));
    assertThat(config.piiDetectors()).containsExactlyInAnyOrder(PiiDetector.EMAIL, PiiDetector.CARD);
    assertThat(config.piiRedactHeaders()).containsExactlyInAnyOrder("x-session-id", "x-tenant");
    assertThat(config.stackTraceMode()).isEqualTo(StackTraceMode.NONE);
    assertThat(config.maxStackFrames()).isEqualTo(9);
    assertThat(config.serverSkipPattern()).map(Pattern::pattern).contains("/ping|/ready");
  }

  @Test
  void from_emptySource_equalsBuilderDefaults() {
    assertThat(TracingConfig.from(name -> java.util.Optional.empty())).isEqualTo(TracingConfig.builder().build());
  }

  @Test
  void from_blankValues_treatedAsUnset() {
    TracingConfig config = load(Map.of("otel.service.name", "  ", "otel.bsp.max.queue.size", ""));

    assertThat(config).isEqualTo(TracingConfig.builder().build());
  }

  @Test
  void from_base_keepsWhatTheSourceDoesNotSet() {
    TracingConfig base = TracingConfig.production("https://collector.example:4318");

    TracingConfig config = TracingConfig.from(PropertySource.fromMap(Map.of("otel.service.name", "gateway")), base);

    assertThat(config).isEqualTo(base.toBuilder().setServiceName("gateway").build());
  }

  @Test
  void from_environmentVariables_readThroughOtelMapping() {
    PropertySource env = PropertySource.environmentVariables(Map.of(
        "OTEL_SERVICE_NAME", "users",
        "TRACEGUARD_EXCEPTION_MAX_FRAMES", "12",
        "TRACEGUARD_PII_PATTERNS_EMPLOYEE", "E\\d{5}"));

    TracingConfig config = TracingConfig.from(env);

    assertThat(config.serviceName()).isEqualTo("users");
    assertThat(config.maxStackFrames()).isEqualTo(12);
    assertThat(config.piiPatterns()).containsExactly(PiiPattern.of("employee", "E\\d{5}"));
  }

  @Test
  void from_composite_systemPropertyWinsOverEnvironment() {
    PropertySource first = PropertySource.fromMap(Map.of("otel.service.name", "from-first"));
    PropertySource env = PropertySource.environmentVariables(Map.of("OTEL_SERVICE_NAME", "from-env"));

    assertThat(TracingConfig.from(PropertySource.composite(first, env)).serviceName()).isEqualTo("from-first");
  }

  @ParameterizedTest
  @CsvSource({
    "always_on, 0.3, false, 1.0",
    "always_off, 0.3, false, 0.0",
    "traceidratio, 0.3, false, 0.3",
    "parentbased_always_on, 0.3, true, 1.0",
    "parentbased_always_off, 0.3, true, 0.0",
    "parentbased_traceidratio, 0.3, true, 0.3",
  })
  void from_samplerWithArg_setsParentBasedAndRatio(
      String sampler, String arg, boolean parentBased, double ratio) {
    TracingConfig config = load(Map.of("otel.traces.sampler", sampler, "otel.traces.sampler.arg", arg));

    assertThat(config.isParentBased()).isEqualTo(parentBased);
    assertThat(config.samplingRatio()).isEqualTo(ratio);
  }

  @Test
  void from_ratioSamplerWithoutArg_samplesEverything() {
    TracingConfig config = load(Map.of("otel.traces.sampler", "parentbased_traceidratio"));

    assertThat(config.isParentBased()).isTrue();
    assertThat(config.samplingRatio()).isEqualTo(1.0);
  }

  @Test
  void from_argWithoutSampler_changesRatioKeepsParentBased() {
    TracingConfig base = TracingConfig.development();

    TracingConfig config =
        TracingConfig.from(PropertySource.fromMap(Map.of("otel.traces.sampler.arg", "0.5")), base);

    assertThat(config.samplingRatio()).isEqualTo(0.5);
    assertThat(config.isParentBased()).isFalse();
  }

  @Test
  void from_metricsExporterNone_meansNoMetricExporter() {
    TracingConfig base = TracingConfig.builder().setSdkProperty("otel.metrics.exporter", "console").build();

    assertThat(TracingConfig.from(PropertySource.fromMap(Map.of("otel.metrics.exporter", "none")), base)
        .sdkProperties()).containsEntry("otel.metrics.exporter", "none");
    assertThat(TracingConfig.from(PropertySource.fromMap(Map.of()), base).sdkProperties())
        .containsEntry("otel.metrics.exporter", "console");
  }

  @Test
  void from_exporterNone_meansNoExporter() {
    assertThat(load(Map.of("otel.traces.exporter", "none")).exporters()).isEmpty();
  }

  @Test
  void from_propagatorsNone_meansNoPropagator() {
    assertThat(load(Map.of("otel.propagators", "none")).propagators()).isEmpty();
  }

  @Test
  void from_detectorsNone_meansNoBuiltInDetector() {
    assertThat(load(Map.of("traceguard.pii.detectors", "none")).piiDetectors()).isEmpty();
  }

  @Test
  void from_skipPatternNone_tracesEveryPath() {
    assertThat(load(Map.of("traceguard.server.skip-pattern", "none")).serverSkipPattern()).isEmpty();
  }

  @Test
  void from_standardKeysNotModelled_passedAsGivenToTheSdk() {
    TracingConfig config = load(Map.of(
        "otel.exporter.otlp.traces.endpoint", "http://tempo:4318/v1/traces",
        "otel.span.link.count.limit", "16",
        "otel.some.extension.key", "x",
        "otel.service.name", "checkout"));

    assertThat(config.sdkProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "otel.exporter.otlp.traces.endpoint", "http://tempo:4318/v1/traces",
        "otel.span.link.count.limit", "16",
        "otel.some.extension.key", "x"));
  }

  @Test
  void from_providerSampler_passedByNameWithItsArgument() {
    TracingConfig config = load(Map.of("otel.traces.sampler", "acme_sampler", "otel.traces.sampler.arg", "fast"));

    assertThat(config.sdkProperties())
        .containsEntry("otel.traces.sampler", "acme_sampler")
        .containsEntry("otel.traces.sampler.arg", "fast");
    assertThat(config.toBuilder().setSamplingRatio(0.5).build().sdkProperties())
        .doesNotContainKeys("otel.traces.sampler", "otel.traces.sampler.arg");
  }

  @Test
  void from_perSignalHeadersInvalid_valueHidden() {
    assertThat(problemOf("otel.exporter.otlp.traces.headers", "Authorization"))
        .isEqualTo("otel.exporter.otlp.traces.headers=<hidden, 13 characters>: must be a comma-separated list of"
            + " key=value pairs with non-empty keys");
  }

  @Test
  void from_jaegerAndThirdPartyNames_keptByNameInOrder() {
    TracingConfig config = load(Map.of("otel.traces.exporter", "jaeger, console,acme-exporter"));

    assertThat(config.exporters()).containsExactly("jaeger", "console", "acme-exporter");
  }

  @Test
  void from_resourceAttributes_serviceNameUsedUnlessOtelServiceNameSet() {
    assertThat(load(Map.of("otel.resource.attributes", "service.name=billing")).serviceName())
        .isEqualTo("billing");
    assertThat(load(Map.of("otel.resource.attributes", "service.name=billing", "otel.service.name", "ledger"))
        .serviceName()).isEqualTo("ledger");
  }

  @Test
  void from_legacyDeploymentEnvironment_accepted() {
    assertThat(load(Map.of("otel.resource.attributes", "deployment.environment=prod")).deploymentEnvironment())
        .contains("prod");
  }

  @Test
  void from_resourceAttributesBadServiceName_namesBoth() {
    assertThat(problemOf("otel.resource.attributes", "service.name=a\u0007b"))
        .isEqualTo("otel.resource.attributes (service.name)='a\u0007b': must be 1 to 255 characters, not blank,"
            + " no control characters");
  }

  @Test
  void from_headerNameThatIsNoToken_problemNamesTheProperty() {
    assertThat(problemOf("otel.instrumentation.http.server.capture-request-headers", "x-tenant, user agent"))
        .isEqualTo("otel.instrumentation.http.server.capture-request-headers='x-tenant, user agent': must be a"
            + " comma-separated list of HTTP header names");
    assertThat(problemOf("traceguard.pii.redact-headers", "x-session:id"))
        .startsWith("traceguard.pii.redact-headers='x-session:id': must be");
  }

  @Test
  void from_manyInvalid_reportsEveryProblemAtOnce() {
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", "my\tapp");
    properties.put("otel.traces.sampler.arg", "2");
    properties.put("otel.bsp.max.queue.size", "-1");

    assertThatThrownBy(() -> load(properties))
        .isInstanceOf(TraceguardConfigurationException.class)
        .hasMessage("Invalid Traceguard configuration (3 problems):\n"
            + "  otel.service.name='my\tapp': must be 1 to 255 characters, not blank, no control characters\n"
            + "  otel.traces.sampler.arg='2': must be a number in [0, 1]\n"
            + "  otel.bsp.max.queue.size='-1': must be a positive integer, at least otel.bsp.max.export.batch.size");
  }

  // One test per rule, each asserting the exact message a user sees.

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
    "otel.sdk.disabled | yes | true or false",
    "traceguard.debug | 1 | true or false",
    "traceguard.pii.enabled | on | true or false",
    "traceguard.sampler.keep-errors | maybe | true or false",
    "otel.service.name | a\tb | 1 to 255 characters, not blank, no control characters",
    "otel.resource.attributes | team | a comma-separated list of key=value pairs with non-empty keys",
    "otel.resource.attributes | =x | a comma-separated list of key=value pairs with non-empty keys",
    "otel.resource.attributes | a=%zz | a comma-separated list of key=value pairs with non-empty keys",
    "otel.traces.sampler | Jaeger Remote | one of always_on, always_off, traceidratio, parentbased_always_on,"
        + " parentbased_always_off, parentbased_traceidratio, or the name of a ConfigurableSamplerProvider on the"
        + " class path",
    "otel.traces.sampler.arg | 1.01 | a number in [0, 1]",
    "otel.traces.sampler.arg | -0.1 | a number in [0, 1]",
    "otel.traces.sampler.arg | half | a number in [0, 1]",
    "otel.traces.exporter | otlp,pro metheus | a comma-separated list of exporter names (otlp, zipkin, console, file, jaeger or the name of a"
        + " ConfigurableSpanExporterProvider on the class path), or none alone",
    "otel.traces.exporter | otlp,,console | a comma-separated list of exporter names (otlp, zipkin, console, file, jaeger or the name of a"
        + " ConfigurableSpanExporterProvider on the class path), or none alone",
    "otel.traces.exporter | none,otlp | a comma-separated list of exporter names (otlp, zipkin, console, file, jaeger or the name of a"
        + " ConfigurableSpanExporterProvider on the class path), or none alone",
    "otel.exporter.otlp.protocol | http/json | grpc or http/protobuf",
    "otel.metrics.exporter | log ging | a comma-separated list of metric exporter names (otlp, prometheus, console or the name of a"
        + " ConfigurableMetricExporterProvider on the class path), or none alone",
    "otel.metrics.exporter | none,otlp | a comma-separated list of metric exporter names (otlp, prometheus, console or the name of a"
        + " ConfigurableMetricExporterProvider on the class path), or none alone",
    "otel.logs.exporter | none,otlp | a comma-separated list of log record exporter names, or none alone",
    "otel.exporter.prometheus.host | local host | a host name or IP address",
    "otel.exporter.prometheus.port | 0 | an integer from 1 to 65535",
    "otel.exporter.prometheus.port | 65536 | an integer from 1 to 65535",
    "otel.exporter.prometheus.port | http | an integer from 1 to 65535",
    "otel.exporter.otlp.endpoint | localhost:4317 | an absolute http or https URL",
    "otel.exporter.zipkin.endpoint | file:///tmp/zipkin | an absolute http or https URL",
    "otel.exporter.otlp.timeout | 10 sec | a positive duration: whole milliseconds, or a whole number followed by"
        + " ms, s, m, h or d",
    "otel.bsp.schedule.delay | -5 | a positive duration: whole milliseconds, or a whole number followed by"
        + " ms, s, m, h or d",
    "otel.bsp.export.timeout | 1.5s | a positive duration: whole milliseconds, or a whole number followed by"
        + " ms, s, m, h or d",
    "traceguard.shutdown.timeout | soon | a positive duration: whole milliseconds, or a whole number followed by"
        + " ms, s, m, h or d",
    "traceguard.shutdown.timeout | 999999999999999999d | a positive duration: whole milliseconds, or a whole number"
        + " followed by ms, s, m, h or d",
    "otel.exporter.otlp.compression | zstd | gzip or none",
    "otel.exporter.otlp.certificate | /nonexistent/ca.pem | the path of a readable file",
    "otel.exporter.otlp.client.key | /nonexistent/key.pem | the path of a readable file",
    "otel.exporter.otlp.client.certificate | /nonexistent/cert.pem | the path of a readable file",
    "traceguard.exporter.file.path | a\u0000b | a non-empty file path",
    "otel.bsp.max.queue.size | 0 | a positive integer, at least otel.bsp.max.export.batch.size",
    "otel.bsp.max.queue.size | many | a positive integer, at least otel.bsp.max.export.batch.size",
    "otel.bsp.max.export.batch.size | 0 | a positive integer, at most otel.bsp.max.queue.size",
    "otel.propagators | tracecontext,b 3 | a comma-separated list of propagator names (tracecontext, baggage; b3,"
        + " b3multi, jaeger, ottrace with opentelemetry-extension-trace-propagators; or the name of a"
        + " ConfigurablePropagatorProvider on the class path), or none alone",
    "otel.span.event.count.limit | many | an integer",
    "otel.exporter.otlp.traces.protocol | http/json | grpc or http/protobuf",
    "otel.exporter.otlp.traces.endpoint | localhost:4318 | an absolute http or https URL",
    "otel.exporter.otlp.metrics.compression | zstd | gzip or none",
    "otel.metric.export.interval | soon | a positive duration: whole milliseconds, or a whole number followed by"
        + " ms, s, m, h or d",
    "otel.java.exporter.otlp.retry.disabled | yes | true or false",
    "otel.exporter.otlp.metrics.temporality.preference | sometimes | cumulative, delta or lowmemory",
    "traceguard.exception.stacktrace | short | full, sanitized or none",
    "traceguard.exception.max-frames | 0 | a positive integer",
    "traceguard.exception.max-frames | 2147483648 | a positive integer",
    "traceguard.exporter.otlp.retry.max-attempts | 0 | an integer from 1 to 5 (the OpenTelemetry exporter's limit)",
    "traceguard.exporter.otlp.retry.max-attempts | 6 | an integer from 1 to 5 (the OpenTelemetry exporter's limit)",
    "traceguard.exporter.retry.buffer-size | -1 | a non-negative integer",
    "traceguard.exporter.retry.initial-backoff | 0 | a positive duration: whole milliseconds, or a whole number"
        + " followed by ms, s, m, h or d",
    "traceguard.exporter.retry.directory.max-size | 0 | a positive size: whole bytes, or a whole number followed by"
        + " KB, MB or GB (powers of 1024)",
    "traceguard.exporter.retry.directory.max-size | 64 TB | a positive size: whole bytes, or a whole number"
        + " followed by KB, MB or GB (powers of 1024)",
    "traceguard.exporter.retry.directory.max-size | 99999999999GB | a positive size: whole bytes, or a whole"
        + " number followed by KB, MB or GB (powers of 1024)",
    "traceguard.exporter.retry.max-backoff | soon | a positive duration: whole milliseconds, or a whole number"
        + " followed by ms, s, m, h or d",
    "otel.attribute.value.length.limit | 0 | a positive integer",
    "traceguard.server.error-on-4xx | sometimes | true or false",
    "traceguard.server.traceresponse | always | true or false",
    "otel.instrumentation.http.server.capture-request-headers | a,,b | a comma-separated list of HTTP header names",
    "traceguard.pii.detectors | email,passport | a comma-separated list of email, phone, card, ssn, iban and secret,"
        + " or none"
        + " alone",
    "traceguard.pii.redact-headers | x-a,,x-b | a comma-separated list of HTTP header names",
    "traceguard.pii.allow-headers | x-a,,x-b | a comma-separated list of HTTP header names",
  })
  void from_invalidValue_reportsPropertyValueAndRule(String name, String value, String rule) {
    assertThat(problemOf(name, value)).isEqualTo(name + "='" + value + "': must be " + rule);
  }

  @Test
  void from_badSkipPattern_reportsRegexError() {
    assertThat(problemOf("traceguard.server.skip-pattern", "/(health"))
        .isEqualTo("traceguard.server.skip-pattern='/(health': must be a valid Java regular expression, or none"
            + " (Unclosed group)");
  }

  @Test
  void from_badCustomPattern_reportsItsFullName() {
    assertThat(problemOf("traceguard.pii.patterns.badge", "[0-9"))
        .isEqualTo("traceguard.pii.patterns.badge='[0-9': must be a valid Java regular expression that cannot"
            + " match the empty string (Unclosed character class)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x*", "(ORD-\\d+)?", "\\b", "^", "(?=@)", "a|"})
  void from_customPatternMatchingTheEmptyString_rejected(String regex) {
    assertThat(problemOf("traceguard.pii.patterns.loose", regex))
        .isEqualTo("traceguard.pii.patterns.loose='" + regex + "': must be a valid Java regular expression that"
            + " cannot match the empty string");
  }

  @Test
  void from_customPatternNeedingCharacters_accepted() {
    assertThat(load(Map.of("traceguard.pii.patterns.order", "ORD-\\d+")).piiPatterns())
        .extracting(PiiPattern::name).containsExactly("order");
  }

  @Test
  void from_otlpHeadersInvalid_neverEchoesTheValue() {
    assertThat(problemOf("otel.exporter.otlp.headers", "Authorization: Bearer s3cr3t"))
        .isEqualTo("otel.exporter.otlp.headers=<hidden, 28 characters>: must be a comma-separated list of"
            + " key=value pairs with non-empty keys");
  }

  @Test
  void from_batchLargerThanQueue_reportsBatchProperty() {
    assertThat(problemOf("otel.bsp.max.export.batch.size", "4096"))
        .isEqualTo("otel.bsp.max.export.batch.size='4096': must be a positive integer, at most"
            + " otel.bsp.max.queue.size (2048)");
  }

  @Test
  void from_queueSmallerThanDefaultBatch_reportsQueueProperty() {
    assertThat(problemOf("otel.bsp.max.queue.size", "100"))
        .isEqualTo("otel.bsp.max.queue.size='100': must be a positive integer, at least"
            + " otel.bsp.max.export.batch.size (512)");
  }

  @Test
  void from_queueInvalidAndBatchLarge_reportsOnlyTheInvalidQueue() {
    assertThatThrownBy(() -> load(Map.of("otel.bsp.max.queue.size", "x", "otel.bsp.max.export.batch.size", "9999")))
        .isInstanceOfSatisfying(TraceguardConfigurationException.class, e -> assertThat(e.problems())
            .containsExactly(
                "otel.bsp.max.queue.size='x': must be a positive integer, at least otel.bsp.max.export.batch.size"));
  }

  @ParameterizedTest
  @CsvSource({"1500, PT1.5S", "1500ms, PT1.5S", "2s, PT2S", "3m, PT3M", "4h, PT4H", "1d, PT24H", "7 s, PT7S"})
  void parseDuration_otelSyntax_parses(String text, Duration expected) {
    assertThat(ConfigLoader.parseDuration(text)).isEqualTo(expected);
  }

  @Test
  void from_randomValuesForEveryProperty_loadsOrReportsNeverAnythingElse() {
    java.util.Random random = new java.util.Random(20261121);
    String alphabet = "0123456789 .,-=:/+%msdhxyzabc*()[]{}\\|?@\t";
    for (int i = 0; i < 3_000; i++) {
      Map<String, String> properties = new HashMap<>();
      for (ConfigProperty property : ConfigProperty.values()) {
        if (random.nextInt(3) == 0) {
          StringBuilder value = new StringBuilder();
          int length = random.nextInt(24);
          for (int c = 0; c < length; c++) {
            value.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
          String name = property.isFamily() ? property.familyPrefix() + "rule" + i : property.key();
          properties.put(name, value.toString());
        }
      }

      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> load(properties));

      assertThat(thrown).as("properties %s", properties)
          .satisfiesAnyOf(
              t -> assertThat(t).isNull(),
              t -> assertThat(t).isInstanceOf(TraceguardConfigurationException.class));
    }
  }

  private static final class RecordingHandler extends Handler {
    int count;

    @Override
    public void publish(LogRecord record) {
      if (record.getMessage().startsWith("otel.traces.exporter=jaeger")) {
        count++;
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
