package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@code otel.propagators=tracecontext,b3} takes the {@code b3} propagator of {@code
 * opentelemetry-extension-trace-propagators} from the class path through autoconfigure, and that the runtime's
 * propagator writes a single {@code b3} header and reads it back, on its own, to the same trace and span ids.
 */
class B3PropagationTest {
  private static final TextMapSetter<Map<String, String>> SETTER = MapCarrier.SETTER;
  private static final TextMapGetter<Map<String, String>> GETTER = MapCarrier.GETTER;

  @Test
  void injectThenExtract_tracecontextAndB3_b3HeaderAloneRoundTripsIds() {
    TracingConfig config = TracingConfig.from(PropertySource.fromMap(Map.of(
        "otel.service.name", "b3-test",
        "otel.traces.exporter", "none",
        "otel.propagators", "tracecontext,b3")));
    TracingRuntime runtime = TracingRuntime.create(config).start();
    try {
      Span span = runtime.tracer().spanBuilder("outgoing").startSpan();
      SpanContext sent = span.getSpanContext();
      Map<String, String> carrier = new HashMap<>();
      try {
        runtime.propagator().inject(Context.root().with(span), carrier, SETTER);
      } finally {
        span.end();
      }

      assertThat(sent.isValid()).isTrue();
      assertThat(carrier).containsKeys("traceparent", "b3");
      assertThat(carrier.get("b3")).startsWith(sent.getTraceId() + "-" + sent.getSpanId() + "-");

      carrier.remove("traceparent");
      SpanContext received =
          Span.fromContext(runtime.propagator().extract(Context.root(), carrier, GETTER)).getSpanContext();

      assertThat(received.isValid()).isTrue();
      assertThat(received.isRemote()).isTrue();
      assertThat(received.getTraceId()).isEqualTo(sent.getTraceId());
      assertThat(received.getSpanId()).isEqualTo(sent.getSpanId());
      assertThat(received.isSampled()).isEqualTo(sent.isSampled());

      // The SDK's own propagators, as the application's OpenTelemetry hands them out, read it the same way.
      SpanContext viaSdk = Span.fromContext(runtime.openTelemetry().getPropagators().getTextMapPropagator()
          .extract(Context.root(), carrier, GETTER)).getSpanContext();
      assertThat(viaSdk.getTraceId()).isEqualTo(sent.getTraceId());
      assertThat(viaSdk.getSpanId()).isEqualTo(sent.getSpanId());
    } finally {
      runtime.shutdown(Duration.ofSeconds(10));
    }
  }
}
