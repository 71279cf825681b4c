package dev.traceguard.core;

import static dev.traceguard.core.TraceguardAttributes.ERROR_TYPE;
import static java.util.Objects.requireNonNull;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.spi.ErrorReport;
import dev.traceguard.core.internal.ErrorDispatcher;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The error path, in one place: records an exception on a span, notes it in its entry point's {@link ErrorScope},
 * and when the entry point ends counts it in {@value TraceguardMetrics#ERRORS} and hands it to the error listeners.
 * The JAX-RS mappers and filters and the CDI interceptors call this and nothing else.
 *
 * <p>On the span, {@link #record(Span, SpanKind, Throwable, int) record} writes what the {@link ExceptionTracer}
 * contract says (the event, {@code error.*} attributes and status), on every call. Counting and reporting follow one
 * rule: <b>a failure is counted and reported once per entry point</b>, where the same throwable recorded again (it
 * propagated from a {@code @Traced} method up to the request) or one in its cause chain is the same failure, and a
 * throwable wrapping a failure already noted replaces it (the outermost form carries the error code). The report
 * names the span the failure, in that form, was first recorded on; count and report carry the entry point's route
 * and status. Outside any entry point (or past its end, or beyond its {@value ErrorScope#MAX_NOTED} failures), a
 * failure is counted and reported at once, unless it is part of one of the last {@value #RECENT} failures recorded
 * so. The request's own failure, which a mapper and the response filter may both see, is written on the request's
 * span only once ({@link #recordFailure}).
 *
 * <p>Recording costs the request thread the span writes and, on a failure, one short lock and one small object; the
 * listeners run on the {@link ErrorDispatcher}'s thread. Errors are counted and reported whether the span is sampled
 * or not: neither depends on the sampling ratio. Thread-safe; never throws.
 */
public final class ErrorRecorder implements ExceptionTracer {
  /** How many failures recorded outside any entry point are remembered, to report each once: {@value}. */
  static final int RECENT = 64;

  private static final ErrorRecorder DISABLED =
      new ErrorRecorder(ExceptionTracer.noop(), TraceguardMetrics::noop, null);
  // A cause chain is followed this far at most: a cycle, or a pathological depth, ends the walk.
  private static final int MAX_CAUSE_DEPTH = 64;

  private final ExceptionTracer spans;
  private final Supplier<TraceguardMetrics> metrics;
  private final @Nullable ErrorDispatcher dispatcher;
  // Guarded by itself; weak so that remembering a failure never keeps it (and its stack) alive.
  @SuppressWarnings("unchecked")
  private final WeakReference<Throwable>[] recent = new WeakReference[RECENT];
  private int nextRecent;

  /**
   * A recorder writing on spans through {@code spans}, counting in the instruments {@code metrics} returns at each
   * use (the runtime's, which change when it starts and stops) and reporting to {@code dispatcher}, if any.
   */
  ErrorRecorder(ExceptionTracer spans, Supplier<TraceguardMetrics> metrics, @Nullable ErrorDispatcher dispatcher) {
    this.spans = requireNonNull(spans, "spans");
    this.metrics = requireNonNull(metrics, "metrics");
    this.dispatcher = dispatcher;
  }

  /** Returns a recorder that records, counts and reports nothing, as a disabled runtime's. */
  static ErrorRecorder disabled() {
    return DISABLED;
  }

  /**
   * Records {@code error} on {@code span} and notes it in the current context's {@link ErrorScope}, or counts and
   * reports it at once outside any entry point.
   */
  @Override
  public void record(Span span, SpanKind kind, Throwable error, int httpStatus) {
    ErrorScope scope;
    try {
      scope = ErrorScope.from(Context.current());
    } catch (RuntimeException e) {
      scope = null; // a context storage that fails: counted and reported at once, without route
    }
    record(span, kind, error, httpStatus, scope);
  }

  /**
   * Records {@code error} on {@code span} and notes it in {@code scope}: for an integration recording on a thread
   * where its entry point's context is not current (an asynchronous completion, a resumed response).
   *
   * @param span the span to record on; may be non-recording
   * @param kind the span's kind, which decides the status
   * @param error the throwable, recorded as it is
   * @param httpStatus the HTTP status answered because of it, or {@link #NO_HTTP_STATUS}
   * @param scope the entry point it belongs to, or null outside any
   */
  public void record(Span span, SpanKind kind, Throwable error, int httpStatus, @Nullable ErrorScope scope) {
    spans.record(span, kind, error, httpStatus);
    note(scope, span, error);
  }

  /**
   * Records the failure a request answered with on its SERVER span, once: a mapper and the response filter may both
   * see it, and the second call, or any call on a span that has an exception recorded already, only notes it. Also
   * notes it as the scope's {@linkplain ErrorScope#fail failure}.
   *
   * @param span the request's SERVER span
   * @param error the failure, unwrapped from any {@code CompletionException}
   * @param httpStatus the status answered
   * @param scope the request's scope
   */
  public void recordFailure(Span span, Throwable error, int httpStatus, ErrorScope scope) {
    scope.fail(error);
    if (hasRecordedError(span)) {
      note(scope, span, error);
    } else {
      record(span, SpanKind.SERVER, error, httpStatus, scope);
    }
  }

  /**
   * Ends the entry point of {@code scope}: counts each distinct failure noted in it once, with {@code route} and
   * {@code httpStatus}, and hands each once to the error listeners. Ending twice does nothing the second time.
   * Never throws.
   *
   * @param scope the entry point's scope
   * @param context the context whose span is the entry point's, for the exemplar
   * @param route the request's route template, or null when none matched or it is not a request
   * @param httpStatus the answered status, or {@link TraceguardMetrics#NO_HTTP_STATUS}
   * @return how many failures were counted and reported
   */
  public int end(ErrorScope scope, Context context, @Nullable String route, int httpStatus) {
    List<ErrorScope.Noted> held = scope.end();
    if (held == null) {
      return 0;
    }
    TraceguardMetrics instruments = metrics.get();
    for (ErrorScope.Noted noted : held) {
      instruments.countError(context, noted.error, route, httpStatus);
      report(noted.error, noted.recordedOn);
    }
    return held.size();
  }

  /** Whether an exception was recorded on {@code span} already (its {@code error.type} is set). */
  public static boolean hasRecordedError(Span span) {
    return span instanceof ReadableSpan && ((ReadableSpan) span).getAttribute(ERROR_TYPE) != null;
  }

  private void note(@Nullable ErrorScope scope, Span span, Throwable error) {
    TraceguardMetrics instruments = metrics.get();
    if (dispatcher == null && !instruments.isRecording()) {
      return; // nobody counts or listens: spare the scope its note
    }
    try {
      SpanContext recordedOn = span.getSpanContext();
      if (scope != null && scope.note(error, recordedOn)) {
        return;
      }
      if (scope == null && !isNewOutsideScopes(error)) {
        return;
      }
      instruments.countError(Context.root().with(span), error, null, TraceguardMetrics.NO_HTTP_STATUS);
      report(error, recordedOn);
    } catch (RuntimeException e) {
      // A span that fails to give its context: the error is recorded on it, only its count and report are lost.
    }
  }

  private void report(Throwable error, SpanContext recordedOn) {
    if (dispatcher != null) {
      dispatcher.offer(ErrorReport.of(error, recordedOn.getTraceId(), recordedOn.getSpanId(), recordedOn.isSampled()));
    }
  }

  /** The rule outside any entry point: new unless part of a failure recently recorded so; remembers it if new. */
  private boolean isNewOutsideScopes(Throwable error) {
    synchronized (recent) {
      for (WeakReference<Throwable> seen : recent) {
        Throwable known = seen == null ? null : seen.get();
        if (known != null && isPartOf(error, known)) {
          return false;
        }
      }
      recent[nextRecent] = new WeakReference<>(error);
      nextRecent = (nextRecent + 1) % RECENT;
      return true;
    }
  }

  /** Whether {@code error} is {@code known} or in its cause chain: the same failure, counted and reported once. */
  static boolean isPartOf(Throwable error, Throwable known) {
    if (error == known) {
      return true;
    }
    try {
      Throwable current = known.getCause();
      for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
        if (current == error) {
          return true;
        }
        current = current.getCause();
      }
    } catch (RuntimeException e) {
      // A getCause() that throws: the chain is unknown past it, so the two are counted apart.
    }
    return false;
  }
}
