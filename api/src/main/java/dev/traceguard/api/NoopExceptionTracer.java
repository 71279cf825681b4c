package dev.traceguard.api;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;

enum NoopExceptionTracer implements ExceptionTracer {
  INSTANCE;

  @Override
  public void record(Span span, SpanKind kind, Throwable error, int httpStatus) {}

  @Override
  public String toString() {
    return "ExceptionTracer.noop()";
  }
}
