package dev.traceguard.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ThreadContextSnapshotTest {
  private static final Span REQUEST = Span.wrap(SpanContext.create(
      "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));

  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() throws InterruptedException {
    MDC.clear();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void begin_onAPoolThread_hasTheSubmittersSpanAndMdcThenGivesThePoolThreadsBack() throws Exception {
    pool.submit(() -> MDC.put("worker", "pool-1")).get();
    ThreadContextSnapshot snapshot;
    try (Scope request = TraceContextMdc.makeCurrent(Context.root().with(REQUEST))) {
      MDC.put("user", "u-42");
      snapshot = ThreadContextSnapshot.capture();
    }

    Map<String, Object> seen = pool.submit(() -> {
      try (Scope task = snapshot.begin()) {
        return Map.<String, Object>of("span", Span.current(), "mdc", MDC.getCopyOfContextMap());
      }
    }).get();
    assertThat(seen.get("span")).isSameAs(REQUEST);
    assertThat(seen.get("mdc")).isEqualTo(Map.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736",
        "span_id", "00f067aa0ba902b7", "trace_flags", "01", "user", "u-42"));

    Map<String, Object> after = pool.submit(
        () -> Map.<String, Object>of("valid", Span.current().getSpanContext().isValid(),
            "mdc", MDC.getCopyOfContextMap())).get();
    assertThat(after).isEqualTo(Map.of("valid", false, "mdc", Map.of("worker", "pool-1")));
  }

  @Test
  void begin_capturedWhereNothingWasSet_leavesTheTaskWithoutSpanOrEntries() throws Exception {
    ThreadContextSnapshot snapshot = ThreadContextSnapshot.capture();

    Map<String, Object> seen = pool.submit(() -> {
      MDC.put("worker", "pool-1");
      try (Scope task = snapshot.begin()) {
        return Map.<String, Object>of("valid", Span.current().getSpanContext().isValid(),
            "entries", MDC.getCopyOfContextMap() == null ? Map.of() : MDC.getCopyOfContextMap());
      }
    }).get();

    assertThat(seen).isEqualTo(Map.of("valid", false, "entries", Map.of()));
  }

  @Test
  void cleared_onAThreadInARequest_hidesTheSpanAndEntriesUntilClosed() {
    try (Scope request = TraceContextMdc.makeCurrent(Context.root().with(REQUEST))) {
      try (Scope cleared = ThreadContextSnapshot.cleared().begin()) {
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
        assertThat(MDC.get("trace_id")).isNull();
      }
      assertThat(Span.current()).isSameAs(REQUEST);
      assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
  }

  @Test
  void begin_twiceNested_eachScopeRestoresWhatItFound() {
    ThreadContextSnapshot snapshot;
    try (Scope request = TraceContextMdc.makeCurrent(Context.root().with(REQUEST))) {
      snapshot = ThreadContextSnapshot.capture();
    }
    MDC.put("worker", "main");
    try (Scope first = snapshot.begin()) {
      try (Scope second = ThreadContextSnapshot.cleared().begin()) {
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
      }
      assertThat(MDC.get("span_id")).isEqualTo("00f067aa0ba902b7");
      assertThat(MDC.get("worker")).isNull();
    }
    assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("worker", "main"));
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }
}
