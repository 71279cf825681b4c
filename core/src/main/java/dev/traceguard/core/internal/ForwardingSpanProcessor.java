package dev.traceguard.core.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * A span processor that hands everything to another; subclasses decide which ended spans go on. Thread-safe when
 * the delegate is.
 */
abstract class ForwardingSpanProcessor implements SpanProcessor {
  /** The processor everything is handed to. */
  protected final SpanProcessor delegate;

  ForwardingSpanProcessor(SpanProcessor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return delegate.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    delegate.onEnd(span);
  }

  /** True: a subclass looks at every ended span, whatever the delegate wants. */
  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
