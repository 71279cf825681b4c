package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.Propagator;
import dev.traceguard.api.Traced;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

@EnableWeld
@SuppressWarnings("try") // scopes are opened for their effect on Span.current()
class TraceguardProducersTest {

  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(TestContainers.weld(Checkout.class, RequestBean.class))
      .activate(RequestScoped.class)
      .build();

  @Inject TracingRuntime runtime;
  @Inject TracingConfig config;
  @Inject OpenTelemetry openTelemetry;
  @Inject Tracer tracer;
  @Inject ExceptionTracer exceptionTracer;
  @Inject Propagator propagator;
  @Inject PiiMasker piiMasker;
  @Inject Span span;
  @Inject Baggage baggage;
  @Inject Checkout checkout;
  @Inject RequestBean requestBean;
  @Inject TestExporter exporter;
  @Inject TraceguardExtension extension;

  @Test
  void baggage_injected_readsTheBaggageCurrentAtEachCall() {
    assertThat(baggage.isEmpty()).isTrue();

    try (Scope ignored = Baggage.builder().put("user", "alice").put("tier", "gold").build().makeCurrent()) {
      assertThat(baggage.getEntryValue("user")).isEqualTo("alice");
      assertThat(baggage.getEntry("tier").getValue()).isEqualTo("gold");
      assertThat(baggage.size()).isEqualTo(2);
      assertThat(baggage.asMap()).containsOnlyKeys("user", "tier");
      Map<String, String> seen = new HashMap<>();
      baggage.forEach((key, entry) -> seen.put(key, entry.getValue()));
      assertThat(seen).containsEntry("tier", "gold");
      assertThat(baggage.toBuilder().put("extra", "1").build().size()).isEqualTo(3);
      // What it stores is the current baggage itself, never the forwarding object.
      Baggage stored = Baggage.fromContext(baggage.storeInContext(Context.root()));
      assertThat(stored).isNotInstanceOf(CurrentBaggage.class);
      assertThat(stored.getEntryValue("user")).isEqualTo("alice");
      try (Scope again = baggage.makeCurrent()) {
        assertThat(Baggage.current()).isNotInstanceOf(CurrentBaggage.class);
      }
      assertThat(baggage.toString()).contains("alice");
    }

    assertThat(baggage.getEntryValue("user")).isNull();
  }

  @Test
  void runtime_injected_isTheExtensionsRunningRuntime() {
    assertThat(runtime).isSameAs(extension.runtime());
    assertThat(runtime.isRunning()).isTrue();
  }

  @Test
  void config_injected_isTheRuntimesConfig() {
    assertThat(config).isSameAs(runtime.config());
    assertThat(config.exporters()).isEmpty(); // otel.traces.exporter=none, set for the tests in the pom
  }

  @Test
  void tracer_injected_startsSpansThatReachTheExporters() {
    tracer.spanBuilder("by-hand").startSpan().end();

    assertThat(exporter.spans(runtime)).extracting(SpanData::getName).containsExactly("by-hand");
  }

  @Test
  void openTelemetry_injected_isTheRuntimesSdk() {
    openTelemetry.getTracer("app").spanBuilder("from-sdk").startSpan().end();

    SpanData exported = exporter.spans(runtime).get(0);
    assertThat(exported.getName()).isEqualTo("from-sdk");
    assertThat(exported.getInstrumentationScopeInfo().getName()).isEqualTo("app");
  }

  @Test
  void exceptionTracer_injected_recordsOnTheSpan() {
    Span recorded = tracer.spanBuilder("failing").startSpan();
    exceptionTracer.record(recorded, SpanKind.INTERNAL, new IllegalStateException("x"));
    recorded.end();

    assertThat(exporter.spans(runtime).get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void propagator_injected_writesTraceparentOfTheCurrentSpan() {
    Span current = tracer.spanBuilder("outgoing").startSpan();
    Map<String, String> headers = new HashMap<>();
    propagator.inject(Context.root().with(current), headers, Map::put);
    current.end();

    String expected = "00-" + current.getSpanContext().getTraceId() + "-" + current.getSpanContext().getSpanId()
        + "-" + current.getSpanContext().getTraceFlags().asHex();
    assertThat(headers).containsEntry("traceparent", expected);
  }

  @Test
  void piiMasker_injected_isTheRuntimesMasker() {
    assertThat(piiMasker.mask("plain text")).isEqualTo(runtime.piiMasker().mask("plain text"));
  }

  @Test
  void span_injectedOutsideAnySpan_isInvalidAndAcceptsCallsHarmlessly() {
    assertThat(span.getSpanContext().isValid()).isFalse();
    assertThat(span.isRecording()).isFalse();
    span.setAttribute("ignored", "value");

    assertThat(exporter.spans(runtime)).isEmpty();
  }

  @Test
  void span_injected_followsTheCurrentSpan() {
    Span first = tracer.spanBuilder("first").startSpan();
    Span second = tracer.spanBuilder("second").startSpan();
    try (Scope outer = first.makeCurrent()) {
      assertThat(span.getSpanContext()).isEqualTo(first.getSpanContext());
      span.setAttribute("seen.in", "first");
      try (Scope inner = second.makeCurrent()) {
        assertThat(span.getSpanContext()).isEqualTo(second.getSpanContext());
        span.setAttribute("seen.in", "second");
      }
      assertThat(span.getSpanContext()).isEqualTo(first.getSpanContext());
    } finally {
      second.end();
      first.end();
    }

    List<SpanData> spans = exporter.spans(runtime);
    assertThat(span(spans, "first").getAttributes().asMap().values()).containsExactly("first");
    assertThat(span(spans, "second").getAttributes().asMap().values()).containsExactly("second");
  }

  @Test
  void span_injectedIntoTracedBean_isTheMethodsSpan() {
    String spanId = checkout.annotate();

    SpanData exported = exporter.spans(runtime).get(0);
    assertThat(exported.getSpanId()).isEqualTo(spanId);
    assertThat(exported.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("checkout.step")))
        .isEqualTo("annotated");
  }

  @Test
  void span_injectedIntoRequestScopedBean_followsTheCurrentSpanNotTheRequest() {
    Span current = tracer.spanBuilder("in-request").startSpan();
    try (Scope scope = current.makeCurrent()) {
      assertThat(requestBean.spanId()).isEqualTo(current.getSpanContext().getSpanId());
    } finally {
      current.end();
    }
    assertThat(requestBean.spanId()).isEqualTo("0000000000000000");
  }

  @ApplicationScoped
  @Traced
  static class Checkout {
    @Inject Span span;

    String annotate() {
      span.setAttribute("checkout.step", "annotated");
      return span.getSpanContext().getSpanId();
    }
  }

  @RequestScoped
  static class RequestBean {
    @Inject Span span;

    String spanId() {
      return span.getSpanContext().getSpanId();
    }
  }
}
