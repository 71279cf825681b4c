package dev.traceguard.api;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;

/**
 * Records a throwable on a span: an {@code exception} event, the error attributes and the span status.
 *
 * <p>The rules an implementation follows: the event carries {@code exception.type}, {@code exception.message} and
 * {@code exception.stacktrace} as configured; the span gets {@code error.type} and, for a {@link
 * TraceguardException}, {@code error.code} and {@code error.domain}; the status becomes ERROR for INTERNAL,
 * CLIENT, PRODUCER and CONSUMER spans, and for SERVER spans only when the HTTP status is 5xx or unknown (a 4xx
 * leaves it UNSET, as the HTTP semantic conventions require).
 *
 * <p>Implementations are thread-safe, never throw, and do nothing on a span that is not recording.
 */
public interface ExceptionTracer {

  /** The HTTP status to pass when the error has none (it is not answered over HTTP). */
  int NO_HTTP_STATUS = 0;

  /**
   * Records {@code error} on {@code span}.
   *
   * @param span the span to record on; may be non-recording
   * @param kind the span's kind, which decides the status
   * @param error the throwable, recorded as it is (never unwrapped)
   * @param httpStatus the HTTP status the request answers with because of this error, or {@link #NO_HTTP_STATUS}
   */
  void record(Span span, SpanKind kind, Throwable error, int httpStatus);

  /**
   * Records {@code error} on {@code span}, taking the HTTP status from a {@link TraceguardException}'s code, or
   * {@link #NO_HTTP_STATUS} for any other throwable.
   */
  default void record(Span span, SpanKind kind, Throwable error) {
    record(span, kind, error, httpStatusOf(error));
  }

  /**
   * Returns the HTTP status {@code error} answers with when nothing else decides: its code's for a {@link
   * TraceguardException}, {@link #NO_HTTP_STATUS} for any other throwable.
   */
  static int httpStatusOf(Throwable error) {
    return error instanceof TraceguardException
        ? ((TraceguardException) error).errorCode().httpStatus()
        : NO_HTTP_STATUS;
  }

  /** Returns a tracer that records nothing. */
  static ExceptionTracer noop() {
    return NoopExceptionTracer.INSTANCE;
  }
}
