package dev.traceguard.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TraceContextMdcTest {
  private static final Span OUTER = Span.wrap(SpanContext.create(
      "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));
  private static final Span INNER = Span.wrap(SpanContext.create(
      "4bf92f3577b34da6a3ce929d0e0e4736", "1111111111111111", TraceFlags.getDefault(), TraceState.getDefault()));

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void slf4jWithAWorkingMdcIsSeen() {
    assertThat(TraceContextMdc.isAvailable()).isTrue();
  }

  @Test
  void nestedScopesPutTheirIdsAndRestoreTheParentsThenNothing() {
    try (Scope outer = TraceContextMdc.makeCurrent(Context.root().with(OUTER))) {
      assertThat(Span.current()).isSameAs(OUTER);
      assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(MDC.get("span_id")).isEqualTo("00f067aa0ba902b7");
      assertThat(MDC.get("trace_flags")).isEqualTo("01");
      try (Scope inner = TraceContextMdc.makeCurrent(Context.current().with(INNER))) {
        assertThat(MDC.get("span_id")).isEqualTo("1111111111111111");
        assertThat(MDC.get("trace_flags")).isEqualTo("00");
      }
      assertThat(MDC.get("span_id")).isEqualTo("00f067aa0ba902b7");
      assertThat(MDC.get("trace_flags")).isEqualTo("01");
    }
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(MDC.getCopyOfContextMap()).doesNotContainKeys("trace_id", "span_id", "trace_flags");
  }

  @Test
  void valuesTheApplicationHadAreGivenBack() {
    MDC.put("trace_id", "from-the-application");
    try (Scope scope = TraceContextMdc.makeCurrent(Context.root().with(OUTER))) {
      assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
    assertThat(MDC.get("trace_id")).isEqualTo("from-the-application");
    assertThat(MDC.get("span_id")).isNull();
  }

  @Test
  void anInvalidSpanLeavesTheMdcAlone() {
    MDC.put("span_id", "kept");
    try (Scope scope = TraceContextMdc.makeCurrent(Context.root())) {
      assertThat(MDC.get("span_id")).isEqualTo("kept");
      assertThat(MDC.get("trace_id")).isNull();
    }
    assertThat(MDC.get("span_id")).isEqualTo("kept");
  }
}
