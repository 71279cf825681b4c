package dev.traceguard.core;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.StackTraceMode;
import dev.traceguard.api.spi.ErrorReport;
import dev.traceguard.core.internal.ErrorDispatcher;
import dev.traceguard.core.internal.SemconvExceptionTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one error path: written on each span, counted and reported once per entry point, when it ends. */
class ErrorRecorderTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final ErrorListenerTest.Recording listener = new ErrorListenerTest.Recording();
  // Room for a full scope's reports plus the ones around it, so no test depends on how fast the dispatcher drains.
  private final ErrorDispatcher dispatcher = new ErrorDispatcher(List.of(listener), 4 * ErrorScope.MAX_NOTED,
      "recorder-test", PiiMasker.noop());
  private final ErrorRecorder recorder = new ErrorRecorder(
      SemconvExceptionTracer.create(StackTraceMode.NONE, 10, false), TraceguardMetrics::noop, dispatcher);
  private final ErrorScope scope = ErrorScope.create();

  ErrorRecorderTest() {
    dispatcher.start();
  }

  @AfterEach
  void close() {
    dispatcher.shutdown(Duration.ofSeconds(5));
    tracerProvider.close();
  }

  @Test
  void end_failureRecordedOnTwoSpansOfAnEntryPoint_writtenOnBothReportedOnceAtTheEndWithTheFirstSpan()
      throws Exception {
    Span server = span("GET /orders", SpanKind.SERVER);
    Span inner = span("Orders.find", SpanKind.INTERNAL);
    IllegalStateException error = new IllegalStateException("gone");

    recorder.record(inner, SpanKind.INTERNAL, error, 0, scope);
    recorder.record(server, SpanKind.SERVER, error, 500, scope);
    inner.end();
    server.end();
    assertThat(listener.reports.poll(200, TimeUnit.MILLISECONDS)).isNull(); // not before the entry point ends

    assertThat(recorder.end(scope, Context.root().with(server), "/orders", 500)).isEqualTo(1);

    ErrorReport report = listener.reports.poll(5, TimeUnit.SECONDS);
    assertThat(report).isNotNull();
    assertThat(report.error()).isSameAs(error);
    assertThat(report.spanId()).isEqualTo(inner.getSpanContext().getSpanId());
    assertThat(listener.reports.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(exporter.getFinishedSpanItems()).hasSize(2).allSatisfy(span ->
        assertThat(span).hasEventsSatisfyingExactly(
            event -> event.hasName(TraceguardAttributes.EXCEPTION_EVENT).hasAttributesSatisfying(attributes ->
                assertThat(attributes.get(TraceguardAttributes.EXCEPTION_MESSAGE)).isEqualTo("gone"))));
  }

  @Test
  void end_wrapperRecordedAfterItsCause_reportsOnlyTheWrapperWithTheSpanItWasRecordedOn() throws Exception {
    Span inner = span("Disk.read", SpanKind.INTERNAL);
    Span outer = span("Files.load", SpanKind.INTERNAL);
    IOException cause = new IOException("disk");
    UncheckedIOException wrapper = new UncheckedIOException("load failed", cause);

    recorder.record(inner, SpanKind.INTERNAL, cause, 0, scope);
    recorder.record(outer, SpanKind.INTERNAL, wrapper, 0, scope);
    recorder.end(scope, Context.root(), null, 0);

    ErrorReport report = listener.reports.poll(5, TimeUnit.SECONDS);
    assertThat(report).isNotNull();
    assertThat(report.error()).isSameAs(wrapper);
    assertThat(report.spanId()).isEqualTo(outer.getSpanContext().getSpanId());
    assertThat(listener.reports.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void record_outsideAnyEntryPoint_reportedAtOnceAndOnlyOnceWithItsCauseAfterIt() throws Exception {
    Span client = span("GET", SpanKind.CLIENT);
    IOException cause = new IOException("refused");
    UncheckedIOException wrapper = new UncheckedIOException("call failed", cause);

    recorder.record(client, SpanKind.CLIENT, wrapper, 0, null);
    recorder.record(client, SpanKind.CLIENT, wrapper, 0, null);
    recorder.record(client, SpanKind.CLIENT, cause, 0, null);

    ErrorReport report = listener.reports.poll(5, TimeUnit.SECONDS);
    assertThat(report).isNotNull();
    assertThat(report.error()).isSameAs(wrapper);
    assertThat(listener.reports.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void recordFailure_spanWithAnExceptionAlready_notWrittenAgainButNotedCountedAndReported() throws Exception {
    Span server = span("GET /pay", SpanKind.SERVER);
    IllegalStateException mapped = new IllegalStateException("mapped");
    IllegalArgumentException later = new IllegalArgumentException("seen by the filter too");

    recorder.recordFailure(server, mapped, 500, scope);
    recorder.recordFailure(server, mapped, 500, scope); // the response filter seeing what a mapper recorded
    recorder.recordFailure(server, later, 500, scope);
    server.end();

    assertThat(scope.failure()).isSameAs(mapped);
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span).hasEventsSatisfyingExactly(event -> event.hasName(TraceguardAttributes.EXCEPTION_EVENT)
        .hasAttributesSatisfying(attributes ->
            assertThat(attributes.get(TraceguardAttributes.EXCEPTION_MESSAGE)).isEqualTo("mapped")));
    assertThat(recorder.end(scope, Context.root(), "/pay", 500)).isEqualTo(2);
    List<Throwable> reported = new ArrayList<>();
    reported.add(listener.reports.poll(5, TimeUnit.SECONDS).error());
    reported.add(listener.reports.poll(5, TimeUnit.SECONDS).error());
    assertThat(reported).containsExactly(mapped, later);
  }

  @Test
  void record_scopeFullOrEnded_reportedAtOnce() throws Exception {
    Span span = span("loop", SpanKind.INTERNAL);
    for (int i = 0; i < ErrorScope.MAX_NOTED; i++) {
      recorder.record(span, SpanKind.INTERNAL, new IllegalStateException("held " + i), 0, scope);
    }
    IllegalArgumentException beyond = new IllegalArgumentException("beyond the cap");

    recorder.record(span, SpanKind.INTERNAL, beyond, 0, scope);

    ErrorReport report = listener.reports.poll(5, TimeUnit.SECONDS);
    assertThat(report).isNotNull();
    assertThat(report.error()).isSameAs(beyond);
    assertThat(recorder.end(scope, Context.root(), null, 0)).isEqualTo(ErrorScope.MAX_NOTED);
    IllegalStateException afterEnd = new IllegalStateException("after the end");
    recorder.record(span, SpanKind.INTERNAL, afterEnd, 0, scope);
    List<Throwable> reported = new ArrayList<>();
    for (int i = 0; i <= ErrorScope.MAX_NOTED; i++) {
      reported.add(listener.reports.poll(5, TimeUnit.SECONDS).error());
    }
    assertThat(reported).hasSize(ErrorScope.MAX_NOTED + 1).last().isSameAs(afterEnd);
    assertThat(dispatcher.dropped()).isZero();
  }

  @Test
  void record_nobodyCountsOrListens_scopeHoldsNothing() {
    ErrorRecorder silent = new ErrorRecorder(
        SemconvExceptionTracer.create(StackTraceMode.NONE, 10, false), TraceguardMetrics::noop, null);
    Span span = span("quiet", SpanKind.INTERNAL);

    silent.record(span, SpanKind.INTERNAL, new IllegalStateException("written only"), 0, scope);
    span.end();

    assertThat(silent.end(scope, Context.root(), null, 0)).isZero();
    assertThat(exporter.getFinishedSpanItems().get(0).getEvents()).hasSize(1);
  }

  @Test
  void isPartOf_cyclicCauseChain_endsTheWalk() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);

    assertThat(ErrorRecorder.isPartOf(new IllegalStateException("c"), a)).isFalse();
    assertThat(ErrorRecorder.isPartOf(b, a)).isTrue();
  }

  private Span span(String name, SpanKind kind) {
    return tracerProvider.get("test").spanBuilder(name).setSpanKind(kind).startSpan();
  }
}
