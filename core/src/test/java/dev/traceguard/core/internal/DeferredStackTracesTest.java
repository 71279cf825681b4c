package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.StackTraceMode;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stack trace of a recorded exception is rendered on the export path, never on the recording thread. */
class DeferredStackTracesTest {

  private static TracingConfig.Builder config() {
    return TracingConfig.builder().setServiceName("deferred-test").setExporters(List.of())
        .setScheduleDelay(Duration.ofMinutes(10));
  }

  @Test
  void record_runtimeSpan_noStackTraceUntilExportThenSanitizedAndMasked() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TracingRuntime runtime = TracingRuntime.create(config().build(), List.of(exporter)).start()) {
      Span span = runtime.tracer().spanBuilder("work").startSpan();
      IllegalStateException error = new IllegalStateException("no account for alice.smith@example.com");
      runtime.exceptionTracer().record(span, SpanKind.INTERNAL, error);

      EventData live = ((ReadableSpan) span).toSpanData().getEvents().get(0);
      assertThat(live).isInstanceOf(ExceptionEventData.class);
      assertThat(live.getAttributes().get(TraceguardAttributes.EXCEPTION_TYPE))
          .isEqualTo(IllegalStateException.class.getName());
      assertThat(live.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE)).isNull();
      span.end();
      runtime.forceFlush(Duration.ofSeconds(5));

      EventData exported = exporter.getFinishedSpanItems().get(0).getEvents().get(0);
      String stackTrace = exported.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE);
      assertThat(exported).isNotInstanceOf(ExceptionEventData.class); // the Throwable stays in the process
      assertThat(stackTrace).startsWith("java.lang.IllegalStateException: no account for a***@example.com\n")
          .contains("\tat " + DeferredStackTracesTest.class.getName() + ".record_runtimeSpan")
          .doesNotContain("alice.smith");
      assertThat(exported.getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE))
          .isEqualTo("no account for a***@example.com");
      assertThat(exported.getTotalAttributeCount()).isEqualTo(live.getTotalAttributeCount() + 1);
    }
  }

  @Test
  void record_stackTraceLongerThanTheLimit_cutAtTheLimit() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TracingRuntime runtime = TracingRuntime.create(
        config().setAttributeValueLengthLimit(120).build(), List.of(exporter)).start()) {
      Span span = runtime.tracer().spanBuilder("work").startSpan();
      runtime.exceptionTracer().record(span, SpanKind.INTERNAL, new IllegalStateException("failed"));
      span.end();
      runtime.forceFlush(Duration.ofSeconds(5));

      assertThat(exporter.getFinishedSpanItems().get(0).getEvents().get(0).getAttributes()
          .get(TraceguardAttributes.EXCEPTION_STACKTRACE)).hasSize(120)
          .startsWith("java.lang.IllegalStateException: failed\n");
    }
  }

  @Test
  void record_modeNone_noStackTraceExported() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TracingRuntime runtime = TracingRuntime.create(
        config().setStackTraceMode(StackTraceMode.NONE).build(), List.of(exporter)).start()) {
      Span span = runtime.tracer().spanBuilder("work").startSpan();
      runtime.exceptionTracer().record(span, SpanKind.INTERNAL, new IllegalStateException("failed"));
      span.end();
      runtime.forceFlush(Duration.ofSeconds(5));

      EventData exported = exporter.getFinishedSpanItems().get(0).getEvents().get(0);
      assertThat(exported.getAttributes().get(TraceguardAttributes.EXCEPTION_TYPE))
          .isEqualTo(IllegalStateException.class.getName());
      assertThat(exported.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE)).isNull();
    }
  }

  @Test
  void resolver_throwingMessage_typeOnlyAndNeverTheStackTrace() {
    Map<AttributeKey<?>, Object> written = new HashMap<>();
    RuntimeException broken = new RuntimeException() {
      @Override
      public String getMessage() {
        throw new IllegalStateException("no message");
      }
    };

    DeferredStackTraces.TYPE_AND_MESSAGE.setExceptionAttributes(written::put, broken, 4096);
    DeferredStackTraces.TYPE_AND_MESSAGE.setExceptionAttributes(written::put, new IllegalStateException("m"), 4096);

    assertThat(written).containsOnlyKeys(TraceguardAttributes.EXCEPTION_TYPE, TraceguardAttributes.EXCEPTION_MESSAGE);
    assertThat(written.get(TraceguardAttributes.EXCEPTION_MESSAGE)).isEqualTo("m");
  }
}
