package dev.traceguard.reliability;

import dev.traceguard.core.RecordingLogHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.examples.DemoProcess;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #10, point 6: every invalid property stops start-up with a message naming it (a table with at least one
 * invalid value for every property that has one), also in a real process (the demo exits with status 2); while an
 * endpoint nobody listens on is no configuration error: start-up succeeds, requests are served, and the spans that
 * cannot be delivered are counted and logged.
 */
class MisconfigurationIT {

  /** Property, invalid value. Several properties appear more than once: one value per rule they break. */
  static final List<Map.Entry<String, String>> INVALID = List.of(
      Map.entry("otel.sdk.disabled", "maybe"),
      Map.entry("otel.service.name", "my\tapp"),
      Map.entry("otel.resource.attributes", "=nameless"),
      Map.entry("otel.traces.sampler", "some times"),
      Map.entry("otel.traces.sampler.arg", "2"),
      Map.entry("otel.traces.sampler.arg", "half"),
      Map.entry("traceguard.sampler.keep-errors", "yes"),
      Map.entry("otel.traces.exporter", "kafka streams"),
      Map.entry("otel.traces.exporter", "none,otlp"),
      Map.entry("otel.traces.exporter", "otlp,,zipkin"),
      Map.entry("otel.exporter.otlp.protocol", "http/json"),
      Map.entry("otel.exporter.otlp.endpoint", "collector:4318"),
      Map.entry("otel.exporter.otlp.endpoint", "ftp://collector:4318"),
      Map.entry("otel.exporter.otlp.headers", "=token"),
      Map.entry("otel.exporter.otlp.certificate", "/no/such/ca.pem"),
      Map.entry("otel.exporter.otlp.client.key", "/no/such/key.pem"),
      Map.entry("otel.exporter.otlp.client.certificate", "/no/such/cert.pem"),
      Map.entry("otel.exporter.otlp.timeout", "10 parsecs"),
      Map.entry("otel.exporter.otlp.compression", "brotli"),
      Map.entry("traceguard.exporter.otlp.retry.max-attempts", "0"),
      Map.entry("traceguard.exporter.otlp.retry.max-attempts", "6"),
      Map.entry("traceguard.exporter.retry.buffer-size", "-1"),
      Map.entry("traceguard.exporter.retry.initial-backoff", "0"),
      Map.entry("traceguard.exporter.retry.max-backoff", "never"),
      Map.entry("traceguard.exporter.retry.directory.max-size", "12 parsecs"),
      Map.entry("otel.exporter.zipkin.endpoint", "zipkin"),
      Map.entry("otel.metrics.exporter", "stats d"),
      Map.entry("otel.logs.exporter", "none,otlp"),
      Map.entry("otel.metrics.exporter", "none,prometheus"),
      Map.entry("otel.exporter.prometheus.host", "my host"),
      Map.entry("otel.exporter.prometheus.port", "0"),
      Map.entry("otel.exporter.prometheus.port", "65536"),
      Map.entry("otel.bsp.schedule.delay", "-5s"),
      Map.entry("otel.bsp.max.queue.size", "0"),
      Map.entry("otel.bsp.max.export.batch.size", "0"),
      Map.entry("otel.bsp.max.export.batch.size", "4096"),
      Map.entry("otel.bsp.export.timeout", "soon"),
      Map.entry("otel.attribute.value.length.limit", "0"),
      Map.entry("traceguard.shutdown.timeout", "forever"),
      Map.entry("otel.propagators", "b 3"),
      Map.entry("traceguard.debug", "1"),
      Map.entry("traceguard.pii.enabled", "no"),
      Map.entry("traceguard.pii.detectors", "passport"),
      Map.entry("traceguard.pii.redact-headers", "bad header"),
      Map.entry("traceguard.pii.allow-headers", "bad header"),
      Map.entry("traceguard.pii.patterns.broken", "(unclosed"),
      Map.entry("traceguard.exception.stacktrace", "some"),
      Map.entry("traceguard.exception.max-frames", "0"),
      Map.entry("traceguard.server.error-on-4xx", "perhaps"),
      Map.entry("otel.instrumentation.http.server.capture-request-headers", "bad header"),
      Map.entry("otel.instrumentation.http.server.capture-response-headers", "bad header"),
      Map.entry("otel.instrumentation.http.client.capture-request-headers", "bad header"),
      Map.entry("otel.instrumentation.http.client.capture-response-headers", "bad header"),
      Map.entry("traceguard.server.traceresponse", "maybe"),
      Map.entry("traceguard.server.skip-pattern", "(unclosed"));

  /**
   * Paths whose only rule at load time is to be non-empty, and a blank value keeps the default; a retry directory
   * that cannot be created fails the start instead (core's AutoconfiguredSdkTest).
   */
  static final Set<String> NO_INVALID_VALUE =
      Set.of("traceguard.exporter.file.path", "traceguard.exporter.retry.directory");

  static Stream<Arguments> invalidProperties() {
    return INVALID.stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidProperties")
  void load_invalidProperty_stopsStartUpNamingIt(String property, String value) {
    assertThatThrownBy(() -> TracingRuntime.create(TracingConfig.from(PropertySource.fromMap(Map.of(property, value))))
            .start())
        .isInstanceOf(TraceguardConfigurationException.class)
        .satisfies(e -> assertThat(((TraceguardConfigurationException) e).problems())
            .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING).startsWith(property));
  }

  @Test
  void table_coversEveryPropertyThatCanBeInvalid() throws Exception {
    Class<?> type = Class.forName("dev.traceguard.api.ConfigProperty");
    Method key = type.getDeclaredMethod("key");
    key.setAccessible(true);
    Set<String> documented = new TreeSet<>();
    for (Object property : type.getEnumConstants()) {
      String name = (String) key.invoke(property);
      // A family (traceguard.pii.patterns.<name>) is covered by any one member.
      documented.add(name.endsWith(">") ? name.substring(0, name.indexOf('<')) + "broken" : name);
    }
    Set<String> tested = new TreeSet<>();
    INVALID.forEach(e -> tested.add(e.getKey()));
    tested.addAll(NO_INVALID_VALUE);
    assertThat(tested).containsAll(documented);
    // The rest are standard keys passed to the SDK's autoconfigure, checked against its syntax while loading.
    Class<?> standard = Class.forName("dev.traceguard.api.StandardProperty");
    Method standardKey = standard.getDeclaredMethod("key");
    standardKey.setAccessible(true);
    Set<String> checked = new TreeSet<>(documented);
    for (Object property : standard.getEnumConstants()) {
      checked.add((String) standardKey.invoke(property));
    }
    assertThat(checked).containsAll(tested);
  }

  @Test
  void load_allInvalidAtOnce_everyPropertyNamedInOneException() {
    Map<String, String> all = new LinkedHashMap<>();
    // One value per property: a map holds one; the batch-size rule is checked against the default queue.
    INVALID.forEach(e -> all.putIfAbsent(e.getKey(), e.getValue()));
    assertThatThrownBy(() -> TracingConfig.from(PropertySource.fromMap(all)))
        .isInstanceOf(TraceguardConfigurationException.class)
        .satisfies(e -> {
          List<String> problems = ((TraceguardConfigurationException) e).problems();
          List<String> named = new ArrayList<>();
          for (String property : all.keySet()) {
            if (problems.stream().anyMatch(p -> p.startsWith(property))) {
              named.add(property);
            }
          }
          assertThat(named).containsExactlyInAnyOrderElementsOf(all.keySet());
        });
  }

  @Test
  void demo_invalidProperty_processExitsWith2NamingIt() throws Exception {
    try (DemoProcess demo = DemoProcess.launch("misconfigured", Map.of("otel.bsp.max.queue.size", "0"))) {
      assertThat(demo.awaitExit()).isEqualTo(2);
      assertThat(demo.stderr()).contains("otel.bsp.max.queue.size", "'0'");
    }
  }

  @Test
  void start_unreachableEndpoint_startsServesCountsAndLogs() throws Exception {
    RecordingLogHandler capture = new RecordingLogHandler();
    List<LogRecord> records = capture.records();
    Logger traceguard = Logger.getLogger("dev.traceguard");
    traceguard.addHandler(capture);
    // A port that was free a moment ago: nothing listens, every connection is refused.
    String endpoint = "http://127.0.0.1:" + OtlpReceiver.freePort();
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.builder()
        .setServiceName("unreachable")
        .setExporters(List.of("otlp"))
        .setOtlpEndpoint(endpoint)
        .setOtlpMaxAttempts(1)
        .setRetryBufferSize(0)
        .setScheduleDelay(Duration.ofMillis(100))
        .build());
    try (TestApp app = TestApp.start(runtime.start())) {
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(app.base().resolve("r/sync/" + i)).GET()
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      }
      runtime.forceFlush(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(30)).until(() -> Drops.total(runtime) == 20);
      System.out.printf("MisconfigurationIT: endpoint %s unreachable, 20 requests 200, dropped %s%n", endpoint,
          Drops.describe(runtime));
      assertThat(records).anySatisfy(r -> {
        assertThat(r.getLevel()).isEqualTo(Level.WARNING);
        assertThat(java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
            .contains("Traceguard [unreachable] dropped spans so far", "EXPORT_FAILED=");
      });
    } finally {
      traceguard.removeHandler(capture);
      runtime.shutdown(Duration.ofSeconds(5));
    }
  }
}
