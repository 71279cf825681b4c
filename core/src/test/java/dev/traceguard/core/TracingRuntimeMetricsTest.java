package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime's meter provider: built only when a metric exporter is configured, stopped with the runtime. */
class TracingRuntimeMetricsTest {

  private static TracingConfig.Builder config() {
    return TracingConfig.builder().setServiceName("metrics").setExporters(List.of());
  }

  /** Metrics scraped from a Prometheus endpoint on 127.0.0.1:{@code port}. */
  private static TracingConfig.Builder prometheus(int port) {
    return config()
        .setSdkProperty("otel.metrics.exporter", "prometheus")
        .setSdkProperty("otel.exporter.prometheus.host", "127.0.0.1")
        .setSdkProperty("otel.exporter.prometheus.port", String.valueOf(port));
  }

  @Test
  void start_noMetricExporter_noopInstruments() {
    try (TracingRuntime runtime = TracingRuntime.create(config().build()).start()) {
      assertThat(runtime.metrics()).isSameAs(TraceguardMetrics.noop());
    }
  }

  @Test
  void start_prometheus_servesTheJvmMetricsOfMicroProfileTelemetry() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    try (TracingRuntime runtime = TracingRuntime.create(prometheus(port).build()).start()) {
      System.gc(); // so that jvm.gc.duration has a measurement

      String scrape = scrape(port);

      for (String metric : List.of("jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_limit_bytes",
          "jvm_memory_used_after_last_gc_bytes", "jvm_gc_duration_seconds_count", "jvm_thread_count",
          "jvm_class_loaded_total", "jvm_class_unloaded_total", "jvm_class_count", "jvm_cpu_time_seconds_total",
          "jvm_cpu_count", "jvm_cpu_recent_utilization")) {
        assertThat(scrape).as(metric).containsPattern("(?m)^" + metric + "[{ ]");
      }
    }
  }

  @Test
  void start_prometheus_servesDropCountsUntilShutdown() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    TracingRuntime runtime = TracingRuntime.create(prometheus(port).build()).start();

    assertThat(runtime.metrics()).isNotSameAs(TraceguardMetrics.noop());
    runtime.openTelemetry().getMeterProvider().get("app").counterBuilder("app.orders").build().add(3);
    String scrape = scrape(port);
    assertThat(scrape).containsPattern("(?m)^app_orders_total\\{[^}]*} 3(\\.0)?$");
    for (DropReason reason : DropReason.values()) {
      assertThat(scrape).containsPattern("(?m)^traceguard_spans_dropped_total\\{[^}]*reason=\""
          + reason.name().toLowerCase(java.util.Locale.ROOT) + "\"[^}]*} 0(\\.0)?$");
    }

    assertThat(runtime.shutdown(Duration.ofSeconds(5))).isTrue();
    assertThat(runtime.metrics()).isSameAs(TraceguardMetrics.noop());
    assertThatThrownBy(() -> scrape(port)).isInstanceOf(ConnectException.class);
  }

  @Test
  void start_prometheusPortTaken_failsNamingThePort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TracingRuntime runtime = TracingRuntime.create(config()
          .setSdkProperty("otel.metrics.exporter", "prometheus")
          .setSdkProperty("otel.exporter.prometheus.host", "127.0.0.1")
          .setSdkProperty("otel.exporter.prometheus.port", String.valueOf(taken.getLocalPort()))
          .build());

      assertThatThrownBy(runtime::start)
          .isInstanceOf(TraceguardConfigurationException.class)
          .hasMessageContaining("otel.exporter.prometheus.port='" + taken.getLocalPort()
              + "': must be a port free on 127.0.0.1");
    }
  }

  /** A receiver on 127.0.0.1 that answers 200 to everything and notes method, path and {@code x-tenant}. */
  private static HttpServer metricsReceiver(List<String> received) throws IOException {
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
          + exchange.getRequestHeaders().getFirst("x-tenant"));
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    return receiver;
  }

  @Test
  void start_metricExportInterval_pushesWithoutAFlush() throws Exception {
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer receiver = metricsReceiver(received);
    try (TracingRuntime runtime = TracingRuntime.create(config()
        .setSdkProperty("otel.metrics.exporter", "otlp")
        .setSdkProperty("otel.metric.export.interval", "100ms")
        .setOtlpEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort())
        .build()).start()) {
      runtime.metrics().countError(Context.root(), new IllegalStateException(), null, 0);

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> received.contains("POST /v1/metrics null"));
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void start_otlpAndConsole_pushesToOtlpMetricsPathOnFlush() throws Exception {
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer receiver = metricsReceiver(received);
    try {
      TracingRuntime runtime = TracingRuntime.create(config()
          .setSdkProperty("otel.metrics.exporter", "otlp,console")
          .setOtlpEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/")
          .setOtlpHeaders(java.util.Map.of("x-tenant", "acme"))
          .build()).start();
      runtime.metrics().countError(Context.root(), new IllegalStateException(), null, 0);

      assertThat(runtime.forceFlush(Duration.ofSeconds(10))).isTrue();
      assertThat(received).contains("POST /v1/metrics acme");
      assertThat(runtime.shutdown(Duration.ofSeconds(10))).isTrue();
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void errorsRecordInScope_recordedOffTheScopesContext_countedOnlyWhenTheScopeEnds() throws Exception {
    int port = OtlpHttpReceiver.freePort();
    try (TracingRuntime runtime = TracingRuntime.create(prometheus(port).build()).start()) {
      ErrorScope scope = ErrorScope.create();
      Span span = runtime.tracer().spanBuilder("job").startSpan();

      // No current context carries the scope, as on the thread an asynchronous completion runs on.
      runtime.errors().record(span, SpanKind.INTERNAL, new IllegalStateException("late"), 0, scope);
      assertThat(scrape(port)).doesNotContainPattern("(?m)^traceguard_errors_total\\{");
      runtime.errors().end(scope, Context.root().with(span), "/jobs/{id}", 500);

      assertThat(scrape(port)).containsPattern(
          "(?m)^traceguard_errors_total\\{.*http_route=\"/jobs/\\{id}\".*} 1(\\.0)?$");
    }
  }

  @Test
  void errors_disabled_recordsAndEndsNothing() {
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.disabled());
    ErrorScope scope = ErrorScope.create();

    runtime.errors().record(Span.getInvalid(), SpanKind.INTERNAL, new IllegalStateException(), 0, scope);

    assertThat(runtime.exceptionTracer()).isSameAs(ExceptionTracer.noop());
    assertThat(runtime.errors().end(scope, Context.root(), null, 0)).isZero();
  }

  private static String scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
