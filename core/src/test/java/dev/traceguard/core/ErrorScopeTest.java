package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
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

/** The counting rule of {@code traceguard.errors}: every distinct recorded exception once, at its entry point. */
class ErrorScopeTest {
  private static final AttributeKey<String> ERROR_TYPE = TraceguardAttributes.ERROR_TYPE;

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();
  private final TraceguardMetrics metrics = TraceguardMetrics.create(meterProvider);
  private final Span span = tracerProvider.get("test").spanBuilder("entry").startSpan();
  private final Context entry = Context.root().with(span);
  private final ErrorScope scope = ErrorScope.create();

  @AfterEach
  void close() {
    meterProvider.close();
    tracerProvider.close();
  }

  @Test
  void note_sameInstanceThrice_countedOnceWithRouteAndStatus() {
    IllegalStateException error = new IllegalStateException("once");

    assertThat(scope.note(error)).isTrue();
    assertThat(scope.note(error)).isTrue();
    assertThat(scope.note(error)).isTrue();
    int counted = scope.end(metrics, entry, "/orders/{id}", 200);

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

    scope.note(inner);
    scope.note(new RuntimeException("middle-less wrapper of the wrapper", outer));
    scope.note(outer); // already in the cause chain of the one noted: nothing more

    scope.end(metrics, entry, null, TraceguardMetrics.NO_HTTP_STATUS);

    assertThat(countsByType()).containsExactly(Map.entry("java.lang.RuntimeException", 1L));
  }

  @Test
  void note_twoUnrelatedExceptions_countedOnceEach() {
    scope.note(new IllegalStateException("a"));
    scope.note(new IllegalArgumentException("b"));

    assertThat(scope.end(metrics, entry, "/r", 500)).isEqualTo(2);

    assertThat(countsByType()).containsOnly(
        Map.entry("java.lang.IllegalStateException", 1L), Map.entry("java.lang.IllegalArgumentException", 1L));
  }

  @Test
  void note_beyondTheCap_refusedSoTheCallerCountsIt() {
    IllegalStateException first = new IllegalStateException("first");
    assertThat(scope.note(first)).isTrue();
    for (int i = 1; i < ErrorScope.MAX_NOTED; i++) {
      assertThat(scope.note(new IllegalStateException("n" + i))).isTrue();
    }

    assertThat(scope.note(new IllegalArgumentException("one too many"))).isFalse();
    // A wrapper of a noted one takes its place, so the cap does not refuse it.
    assertThat(scope.note(new RuntimeException(first))).isTrue();
    assertThat(scope.end(metrics, entry, null, 0)).isEqualTo(ErrorScope.MAX_NOTED);
  }

  @Test
  void note_afterEnd_refusedAndEndingAgainCountsNothing() {
    scope.note(new IllegalStateException());
    scope.end(metrics, entry, null, 0);

    assertThat(scope.note(new IllegalStateException("late"))).isFalse();
    assertThat(scope.end(metrics, entry, null, 0)).isZero();
    assertThat(onlyPoint().getValue()).isEqualTo(1);
  }

  @Test
  void end_nothingNoted_countsNothing() {
    assertThat(scope.end(metrics, entry, "/r", 200)).isZero();

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

    scope.note(b);
    scope.note(new IllegalStateException("unrelated"));
    scope.note(hostile);

    assertThat(scope.end(metrics, entry, null, 0)).isEqualTo(3);
  }

  @Test
  void countRecorded_noScopeOrEndedScope_countsAtOnceWithoutRouteWithTheSpanAsExemplar() {
    Span recordedOn = tracerProvider.get("test").spanBuilder("client").startSpan();
    scope.end(metrics, entry, "/r", 200);

    metrics.countRecorded(null, recordedOn, new IllegalStateException());
    metrics.countRecorded(scope, recordedOn, new IllegalStateException());

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
          return scope.note(shared) & scope.note(own);
        }));
      }
      start.countDown();
      for (Future<Boolean> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }

    scope.end(metrics, entry, null, 0);

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
