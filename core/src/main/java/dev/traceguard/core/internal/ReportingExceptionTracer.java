package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.spi.ErrorReport;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;

/**
 * An {@link ExceptionTracer} that records through another, then queues an {@link ErrorReport} for the error
 * listeners. Queuing costs one small allocation and a non-blocking offer on the request thread; everything the
 * listeners do happens on the {@link ErrorDispatcher}'s thread. Reports also errors on spans that are not sampled:
 * an error worth reporting does not depend on the trace sampling ratio. Thread-safe; never throws.
 */
public final class ReportingExceptionTracer implements ExceptionTracer {
  private final ExceptionTracer delegate;
  private final ErrorDispatcher dispatcher;

  /** Wraps {@code delegate}, reporting to {@code dispatcher}. */
  public ReportingExceptionTracer(ExceptionTracer delegate, ErrorDispatcher dispatcher) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher");
  }

  @Override
  public void record(Span span, SpanKind kind, Throwable error, int httpStatus) {
    delegate.record(span, kind, error, httpStatus);
    try {
      SpanContext context = span.getSpanContext();
      dispatcher.offer(ErrorReport.of(error, context.getTraceId(), context.getSpanId(), context.isSampled()));
    } catch (RuntimeException e) {
      // A span implementation that fails to give its context: the error is recorded, only its report is lost.
    }
  }
}
