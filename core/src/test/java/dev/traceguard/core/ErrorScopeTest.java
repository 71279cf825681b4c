package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.ExceptionTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rule of {@link ErrorRecorder}, as {@code traceguard.errors} shows it: every distinct failure once per entry point. */
class ErrorScopeTest {
  private static final AttributeKey<String> ERROR_TYPE = TraceguardAttributes.ERROR_TYPE;

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();
  private final TraceguardMetrics metrics = TraceguardMetrics.create(meterProvider);
  private final Span span = tracerProvider.get("test").spanBuilder("entry").startSpan();
  private final Context entry = Context.root().with(span);
  private final ErrorScope scope = ErrorScope.create();
  private final ErrorRecorder recorder = new ErrorRecorder(ExceptionTracer.noop(), () -> metrics, null);

  @AfterEach
  void close() {
    meterProvider.close();
    tracerProvider.close();
  }

  @Test
  void note_sameInstanceThrice_countedOnceWithRouteAndStatus() {
    IllegalStateException error = new IllegalStateException("once");

    assertThat(note(error)).isTrue();
    assertThat(note(error)).isTrue();
    assertThat(note(error)).isTrue();
    int counted = recorder.end(scope, entry, "/orders/{id}", 200);

    assertThat(counted).isEqualTo(1);
    LongPointData point = onlyPoint();
    assertThat(point.getValue()).isEqualTo(1);
    assertThat(point.getAttributes().get(ERROR_TYPE)).isEqualTo("java.lang.IllegalStateException");
    assertThat(point.getAttributes().get(TraceguardAttributes.HTTP_ROUTE)).isEqualTo("/orders/{id}");
    assertThat(point.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
  }

  @Test
  void note_wrapperOfNotedException_replacesItAndCountsTheOuterFormOnce() {
    IOException inner = new IOException("disk");
    UncheckedIOException outer = new UncheckedIOException("wrapped", inner);

    note(inner);
    note(new RuntimeException("middle-less wrapper of the wrapper", outer));
    note(outer); // already in the cause chain of the one noted: nothing more

    recorder.end(scope, entry, null, TraceguardMetrics.NO_HTTP_STATUS);

    assertThat(countsByType()).containsExactly(Map.entry("java.lang.RuntimeException", 1L));
  }

  @Test
  void note_twoUnrelatedExceptions_countedOnceEach() {
    note(new IllegalStateException("a"));
    note(new IllegalArgumentException("b"));

    assertThat(recorder.end(scope, entry, "/r", 500)).isEqualTo(2);

    assertThat(countsByType()).containsOnly(
        Map.entry("java.lang.IllegalStateException", 1L), Map.entry("java.lang.IllegalArgumentException", 1L));
  }

  @Test
  void note_beyondTheCap_refusedSoTheCallerCountsIt() {
    IllegalStateException first = new IllegalStateException("first");
    assertThat(note(first)).isTrue();
    for (int i = 1; i < ErrorScope.MAX_NOTED; i++) {
      assertThat(note(new IllegalStateException("n" + i))).isTrue();
    }

    assertThat(note(new IllegalArgumentException("one too many"))).isFalse();
    // A wrapper of a noted one takes its place, so the cap does not refuse it.
    assertThat(note(new RuntimeException(first))).isTrue();
    assertThat(recorder.end(scope, entry, null, 0)).isEqualTo(ErrorScope.MAX_NOTED);
  }

  @Test
  void note_afterEnd_refusedAndEndingAgainCountsNothing() {
    note(new IllegalStateException());
    recorder.end(scope, entry, null, 0);

    assertThat(note(new IllegalStateException("late"))).isFalse();
    assertThat(recorder.end(scope, entry, null, 0)).isZero();
    assertThat(onlyPoint().getValue()).isEqualTo(1);
  }

  @Test
  void end_nothingNoted_countsNothing() {
    assertThat(recorder.end(scope, entry, "/r", 200)).isZero();

    assertThat(reader.collectAllMetrics()).isEmpty();
  }

  @Test
  void note_cyclicOrThrowingCauseChain_neverThrowsAndCountsBothApart() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b); // a cycle: walking the chain must stop
    RuntimeException hostile = new RuntimeException("hostile") {
      @Override
      public synchronized Throwable getCause() {
        throw new IllegalStateException("no cause for you");
      }
    };

    note(b);
    note(new IllegalStateException("unrelated"));
    note(hostile);

    assertThat(recorder.end(scope, entry, null, 0)).isEqualTo(3);
  }

  @Test
  void record_noScopeOrEndedScope_countsAtOnceWithoutRouteWithTheSpanAsExemplar() {
    Span recordedOn = tracerProvider.get("test").spanBuilder("client").startSpan();
    recorder.end(scope, entry, "/r", 200);

    recorder.record(recordedOn, SpanKind.CLIENT, new IllegalStateException(), 0, null);
    recorder.record(recordedOn, SpanKind.CLIENT, new IllegalStateException(), 0, scope);

    LongPointData point = onlyPoint();
    assertThat(point.getValue()).isEqualTo(2);
    assertThat(point.getAttributes().asMap()).containsOnlyKeys(ERROR_TYPE);
    assertThat(point.getExemplars()).isNotEmpty().allSatisfy(exemplar ->
        assertThat(exemplar.getSpanContext().getSpanId()).isEqualTo(recordedOn.getSpanContext().getSpanId()));
  }

  @Test
  void note_manyThreadsNotingTheSameAndDistinctExceptions_eachCountedOnce() throws Exception {
    IllegalStateException shared = new IllegalStateException("shared");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        IllegalArgumentException own = new IllegalArgumentException("own " + i);
        results.add(pool.submit(() -> {
          start.await();
          return note(shared) & note(own);
        }));
      }
      start.countDown();
      for (Future<Boolean> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }

    recorder.end(scope, entry, null, 0);

    assertThat(countsByType()).containsOnly(
        Map.entry("java.lang.IllegalStateException", 1L), Map.entry("java.lang.IllegalArgumentException", 8L));
  }

  @Test
  void from_scopeStoredInContext_foundThereOnly() {
    Context context = scope.storeIn(Context.root());

    try (Scope ignored = context.makeCurrent()) {
      assertThat(ErrorScope.from(Context.current())).isSameAs(scope);
    }
    assertThat(ErrorScope.from(Context.root())).isNull();
  }

  private boolean note(Throwable error) {
    return scope.note(error, span.getSpanContext());
  }

  private Map<String, Long> countsByType() {
    return errors().getLongSumData().getPoints().stream()
        .collect(Collectors.toMap(p -> p.getAttributes().get(ERROR_TYPE), LongPointData::getValue));
  }

  private LongPointData onlyPoint() {
    List<LongPointData> points = List.copyOf(errors().getLongSumData().getPoints());
    assertThat(points).hasSize(1);
    return points.get(0);
  }

  private MetricData errors() {
    return reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(TraceguardMetrics.ERRORS))
        .findFirst().orElseThrow();
  }
}
