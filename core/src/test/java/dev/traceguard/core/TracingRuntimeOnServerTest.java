package dev.traceguard.core;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A runtime on the server's OpenTelemetry, as {@code traceguard-all-mp} creates it: an SDK built here stands for
 * the one a server's MicroProfile Telemetry builds for the application.
 */
class TracingRuntimeOnServerTest {
  private final InMemorySpanExporter serverExport = InMemorySpanExporter.create();
  private final InMemoryMetricReader serverMetrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk server = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(serverExport)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(serverMetrics).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final TracingConfig config = TracingConfig.builder().setServiceName("on-server").build();

  @AfterEach
  void closeServer() {
    server.close();
  }

  @Test
  void start_onServer_asksForTheServersOpenTelemetryOnceAndTracesWithIt() {
    AtomicInteger asked = new AtomicInteger();
    TracingRuntime runtime = TracingRuntime.onServer(config, () -> {
      asked.incrementAndGet();
      return server;
    }, List.of());
    assertThat(asked).hasValue(0);

    runtime.start();
    runtime.start();
    runtime.tracer().spanBuilder("business").startSpan().end();

    assertThat(asked).hasValue(1);
    assertThat(runtime.usesServerOpenTelemetry()).isTrue();
    assertThat(runtime.openTelemetry()).isSameAs(server);
    assertThat(serverExport.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span).hasName("business")
            .hasInstrumentationScopeInfo(io.opentelemetry.sdk.common.InstrumentationScopeInfo.create(
                TracingRuntime.INSTRUMENTATION_SCOPE)));
  }

  @Test
  void propagator_onServer_isTheServers() {
    TracingRuntime runtime = TracingRuntime.onServer(config, () -> server, List.of()).start();
    Span span = server.getTracer("server").spanBuilder("request").startSpan();
    Map<String, String> headers = new HashMap<>();

    runtime.propagator().inject(Context.root().with(span), headers, Map::put);
    span.end();

    assertThat(headers).containsOnlyKeys("traceparent");
    assertThat(headers.get("traceparent")).contains(span.getSpanContext().getSpanId());
  }

  @Test
  void errors_onServer_recordTheStackTraceOnTheServersSpan() {
    TracingRuntime runtime = TracingRuntime.onServer(config, () -> server, List.of()).start();
    Span span = server.getTracer("server").spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();

    runtime.errors().record(span, SpanKind.SERVER, new IllegalStateException("no stock"), 500, null);
    span.end();

    SpanData exported = serverExport.getFinishedSpanItems().get(0);
    assertThat(exported).hasEventsSatisfyingExactly(event -> event.hasName(TraceguardAttributes.EXCEPTION_EVENT)
        .hasAttributesSatisfying(attributes -> assertThat(attributes.get(TraceguardAttributes.EXCEPTION_STACKTRACE))
            .contains("IllegalStateException: no stock").contains("errors_onServer")));
    assertThat(exported.getAttributes().get(TraceguardAttributes.ERROR_TYPE))
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void errors_onServer_countedOnTheServersMeterProvider_requestDurationsLeftToTheServer() {
    TracingRuntime runtime = TracingRuntime.onServer(config, () -> server, List.of()).start();
    Span span = server.getTracer("server").spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
    ErrorScope scope = ErrorScope.create();

    runtime.errors().recordFailure(span, new IllegalStateException("no stock"), 500, scope);
    runtime.errors().end(scope, Context.root().with(span), "/orders/{id}", 500);
    runtime.metrics().recordServerRequest(Context.root().with(span), 1_000_000, "GET", "/orders/{id}", 500, "http",
        null);
    span.end();

    assertThat(runtime.metrics().isRecording()).isTrue();
    assertThat(serverMetrics.collectAllMetrics()).singleElement().satisfies(metric -> assertThat(metric)
        .hasName(TraceguardMetrics.ERRORS)
        .hasInstrumentationScope(io.opentelemetry.sdk.common.InstrumentationScopeInfo.create(
            TracingRuntime.INSTRUMENTATION_SCOPE))
        .hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(point -> point.hasValue(1)
            .hasAttributesSatisfying(attributes -> assertThat(attributes.asMap()).containsEntry(
                TraceguardAttributes.ERROR_TYPE, IllegalStateException.class.getName())
                .containsEntry(io.opentelemetry.api.common.AttributeKey.stringKey("http.route"), "/orders/{id}"))
            .hasExemplarsSatisfying(exemplar -> exemplar.hasTraceId(span.getSpanContext().getTraceId())))));
  }

  @Test
  void metrics_onServerAfterShutdown_recordNothing() {
    TracingRuntime runtime = TracingRuntime.onServer(config, () -> server, List.of()).start();
    runtime.shutdown(Duration.ofSeconds(1));

    runtime.metrics().countError(Context.root(), new IllegalStateException("late"), null,
        TraceguardMetrics.NO_HTTP_STATUS);

    assertThat(runtime.metrics().isRecording()).isFalse();
    assertThat(serverMetrics.collectAllMetrics()).extracting(MetricData::getName).isEmpty();
  }

  @Test
  void flushAndShutdown_onServer_leaveTheServersSdkRunning() {
    TracingRuntime runtime = TracingRuntime.onServer(config, () -> server, List.of()).start();

    assertThat(runtime.forceFlush(Duration.ofSeconds(1))).isTrue();
    assertThat(runtime.shutdown(Duration.ofSeconds(1))).isTrue();
    server.getTracer("server").spanBuilder("after").startSpan().end();

    assertThat(runtime.openTelemetry()).isSameAs(OpenTelemetry.noop());
    assertThat(runtime.tracer().spanBuilder("late").startSpan().getSpanContext().isValid()).isFalse();
    assertThat(serverExport.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("after");
  }

  @Test
  void onServer_disabledConfiguration_neverAsksTheServer() {
    AtomicInteger asked = new AtomicInteger();
    TracingRuntime runtime = TracingRuntime.onServer(TracingConfig.disabled(), () -> {
      asked.incrementAndGet();
      return server;
    }, List.of()).start();

    assertThat(runtime.usesServerOpenTelemetry()).isFalse();
    assertThat(runtime.openTelemetry()).isSameAs(OpenTelemetry.noop());
    assertThat(asked).hasValue(0);
    runtime.close();
  }
}
