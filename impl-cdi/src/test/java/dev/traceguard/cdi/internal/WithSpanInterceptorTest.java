package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.Traced;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry standard's {@code @WithSpan} and {@code @SpanAttribute} on beans, in a real Weld container. */
@EnableWeld
@SuppressWarnings("try") // scopes are opened for their effect on Span.current()
class WithSpanInterceptorTest {

  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(TestContainers.weld(Payments.class, Mixed.class)).build();

  @Inject Payments payments;
  @Inject Mixed mixed;
  @Inject TestExporter exporter;
  @Inject TracingRuntime runtime;

  @ApplicationScoped
  static class Payments {
    @WithSpan
    String charge(@SpanAttribute("payment.id") String id, @SpanAttribute("payment.amount") long amount) {
      return "charged " + id;
    }

    @WithSpan(value = "refund payment", kind = SpanKind.CLIENT)
    void refund(@SpanAttribute String reason) {
      // the parameter's name is the key: this module compiles with -parameters
    }

    @WithSpan(inheritContext = false)
    String audit() {
      return Span.current().getSpanContext().getSpanId();
    }

    @WithSpan
    void fail() {
      throw new IllegalStateException("declined");
    }

    @WithSpan
    CompletionStage<String> later(CompletableFuture<String> result) {
      return result;
    }

    String untraced() {
      return "plain";
    }
  }

  @Traced
  @ApplicationScoped
  static class Mixed {
    @WithSpan("mixed by with-span")
    void both() {}

    void classLevelOnly() {}
  }

  private List<SpanData> spans() {
    return exporter.spans(runtime);
  }

  @Test
  void withSpan_defaults_internalSpanNamedAfterTheClassWithTypedAttributes() {
    assertThat(payments.charge("P-1", 42)).isEqualTo("charged P-1");

    SpanData span = span(spans(), "Payments.charge");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("payment.id"))).isEqualTo("P-1");
    assertThat(span.getAttributes().get(AttributeKey.longKey("payment.amount"))).isEqualTo(42L);
  }

  @Test
  void withSpan_valueKindAndUnnamedAttribute_honoured() {
    payments.refund("duplicate");

    SpanData span = span(spans(), "refund payment");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("reason"))).isEqualTo("duplicate");
  }

  @Test
  void withSpan_insideAnotherSpan_childOfIt() {
    Span outer = runtime.tracer().spanBuilder("outer").startSpan();
    try (Scope ignored = outer.makeCurrent()) {
      payments.charge("P-2", 1);
    } finally {
      outer.end();
    }

    List<SpanData> spans = spans();
    assertThat(span(spans, "Payments.charge").getParentSpanId()).isEqualTo(span(spans, "outer").getSpanId());
    assertThat(span(spans, "Payments.charge").getTraceId()).isEqualTo(span(spans, "outer").getTraceId());
  }

  @Test
  void withSpan_inheritContextFalse_newTraceEvenInsideASpan() {
    Span outer = runtime.tracer().spanBuilder("outer").startSpan();
    String inside;
    try (Scope ignored = outer.makeCurrent()) {
      inside = payments.audit();
    } finally {
      outer.end();
    }

    List<SpanData> spans = spans();
    SpanData audit = span(spans, "Payments.audit");
    assertThat(audit.getSpanId()).isEqualTo(inside);
    assertThat(audit.getParentSpanContext().isValid()).isFalse();
    assertThat(audit.getTraceId()).isNotEqualTo(span(spans, "outer").getTraceId());
  }

  @Test
  void withSpan_throws_recordedErrorAndTheSameExceptionRethrown() {
    assertThatThrownBy(payments::fail).isInstanceOf(IllegalStateException.class).hasMessage("declined");

    SpanData span = span(spans(), "Payments.fail");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getEvents()).anySatisfy(event -> assertThat(
        event.getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE)).isEqualTo("declined"));
  }

  @Test
  void withSpan_completionStage_spanEndsWhenItCompletes() {
    CompletableFuture<String> result = new CompletableFuture<>();
    CompletionStage<String> returned = payments.later(result);
    assertThat(returned).isSameAs(result);
    assertThat(spans()).isEmpty();

    result.completeExceptionally(new IllegalArgumentException("too late"));

    SpanData span = span(spans(), "Payments.later");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void methodWithoutWithSpan_untraced() {
    assertThat(payments.untraced()).isEqualTo("plain");

    assertThat(spans()).isEmpty();
  }

  @Test
  void classTracedAndMethodWithSpan_oneSpanNamedByWithSpan() {
    mixed.both();
    mixed.classLevelOnly();

    assertThat(spans()).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("mixed by with-span", "Mixed.classLevelOnly");
  }
}
