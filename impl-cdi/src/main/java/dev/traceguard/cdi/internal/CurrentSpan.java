package dev.traceguard.cdi.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.Serializable;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The {@code Span} that {@code @Inject Span} gives: it holds no span of its own and forwards every call to {@link
 * Span#current()} at the moment of the call, so one injected reference always acts on the span current on the
 * calling thread (the {@code @Traced} method's, a request's SERVER span, or the invalid span outside any trace,
 * where every call does nothing). It never depends on a request context being active.
 *
 * <p>{@link #storeInContext} and {@link #makeCurrent} act on the current span too, so this object itself never ends
 * up in a context (where {@code Span.current()} would return it and forward to itself). Stateless, thread-safe;
 * serializable to itself, so passivating beans may inject it.
 */
final class CurrentSpan implements Span, Serializable {
  private static final long serialVersionUID = 1L;

  static final CurrentSpan INSTANCE = new CurrentSpan();

  private CurrentSpan() {}

  @Override
  public Span setAttribute(String key, String value) {
    return Span.current().setAttribute(key, value);
  }

  @Override
  public Span setAttribute(String key, long value) {
    return Span.current().setAttribute(key, value);
  }

  @Override
  public Span setAttribute(String key, double value) {
    return Span.current().setAttribute(key, value);
  }

  @Override
  public Span setAttribute(String key, boolean value) {
    return Span.current().setAttribute(key, value);
  }

  @Override
  public Span setAttribute(String key, Value<?> value) {
    return Span.current().setAttribute(key, value);
  }

  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    return Span.current().setAttribute(key, value);
  }

  @Override
  public Span setAttribute(AttributeKey<Long> key, int value) {
    return Span.current().setAttribute(key, value);
  }

  @Override
  public Span setAllAttributes(Attributes attributes) {
    return Span.current().setAllAttributes(attributes);
  }

  @Override
  public Span addEvent(String name) {
    return Span.current().addEvent(name);
  }

  @Override
  public Span addEvent(String name, long timestamp, TimeUnit unit) {
    return Span.current().addEvent(name, timestamp, unit);
  }

  @Override
  public Span addEvent(String name, Instant timestamp) {
    return Span.current().addEvent(name, timestamp);
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    return Span.current().addEvent(name, attributes);
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    return Span.current().addEvent(name, attributes, timestamp, unit);
  }

  @Override
  public Span addEvent(String name, Attributes attributes, Instant timestamp) {
    return Span.current().addEvent(name, attributes, timestamp);
  }

  @Override
  public Span setStatus(StatusCode statusCode) {
    return Span.current().setStatus(statusCode);
  }

  @Override
  public Span setStatus(StatusCode statusCode, String description) {
    return Span.current().setStatus(statusCode, description);
  }

  @Override
  public Span recordException(Throwable exception) {
    return Span.current().recordException(exception);
  }

  @Override
  public Span recordException(Throwable exception, Attributes additionalAttributes) {
    return Span.current().recordException(exception, additionalAttributes);
  }

  @Override
  public Span updateName(String name) {
    return Span.current().updateName(name);
  }

  @Override
  public Span addLink(SpanContext spanContext) {
    return Span.current().addLink(spanContext);
  }

  @Override
  public Span addLink(SpanContext spanContext, Attributes attributes) {
    return Span.current().addLink(spanContext, attributes);
  }

  @Override
  public void end() {
    Span.current().end();
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    Span.current().end(timestamp, unit);
  }

  @Override
  public void end(Instant timestamp) {
    Span.current().end(timestamp);
  }

  @Override
  public SpanContext getSpanContext() {
    return Span.current().getSpanContext();
  }

  @Override
  public boolean isRecording() {
    return Span.current().isRecording();
  }

  @Override
  public Context storeInContext(Context context) {
    return Span.current().storeInContext(context);
  }

  @Override
  public Scope makeCurrent() {
    return Span.current().makeCurrent();
  }

  @Override
  public String toString() {
    return "CurrentSpan{" + Span.current() + '}';
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
