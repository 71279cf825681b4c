package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.TraceguardMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExceptionTracer} that records through another, then counts the exception in {@code traceguard.errors}
 * through {@link TraceguardMetrics#countRecorded}: noted in an entry point's {@link ErrorScope}, or counted at once
 * outside any. The scope is the current context's, or the one this tracer was {@linkplain #forScope bound to} by an
 * integration that records off the entry point's thread. Counts also errors on spans that are not sampled: the
 * count does not depend on the sampling ratio. Thread-safe; never throws.
 */
public final class CountingExceptionTracer implements ExceptionTracer {
  private final ExceptionTracer delegate;
  private final Supplier<TraceguardMetrics> metrics;
  private final @Nullable ErrorScope scope; // null: the current context's

  /**
   * Wraps {@code delegate}, counting in the instruments {@code metrics} returns at each recording (the runtime's,
   * which change when it starts and stops).
   */
  public CountingExceptionTracer(ExceptionTracer delegate, Supplier<TraceguardMetrics> metrics) {
    this(requireNonNull(delegate, "delegate"), requireNonNull(metrics, "metrics"), null);
  }

  private CountingExceptionTracer(ExceptionTracer delegate, Supplier<TraceguardMetrics> metrics,
      @Nullable ErrorScope scope) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.scope = scope;
  }

  /** Returns a tracer that records as this one and notes in {@code scope}, whatever context is current. */
  public ExceptionTracer forScope(ErrorScope scope) {
    return new CountingExceptionTracer(delegate, metrics, requireNonNull(scope, "scope"));
  }

  @Override
  public void record(Span span, SpanKind kind, Throwable error, int httpStatus) {
    delegate.record(span, kind, error, httpStatus);
    try {
      ErrorScope target = scope != null ? scope : ErrorScope.from(Context.current());
      metrics.get().countRecorded(target, span, error);
    } catch (RuntimeException e) {
      // A context storage or supplier that fails: the error is recorded on its span, only its count is lost.
    }
  }
}
