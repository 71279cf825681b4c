package dev.traceguard.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;
import java.util.Collection;
import java.util.List;

/**
 * A test-only propagator provider named {@value #NAME}, registered in {@code META-INF/services}: selected with
 * {@code otel.propagators=...,test-propagator}, it writes and reads the current span's ids in one header, {@value
 * #HEADER}, as {@code <trace id>-<span id>}.
 */
public final class HeaderPropagatorTestProvider implements ConfigurablePropagatorProvider {
  static final String NAME = "test-propagator";
  static final String HEADER = "x-test-trace";

  /** Called by the service loader. */
  public HeaderPropagatorTestProvider() {}

  @Override
  public TextMapPropagator getPropagator(ConfigProperties config) {
    return new HeaderPropagator();
  }

  @Override
  public String getName() {
    return NAME;
  }

  private static final class HeaderPropagator implements TextMapPropagator {
    @Override
    public Collection<String> fields() {
      return List.of(HEADER);
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
      SpanContext span = Span.fromContext(context).getSpanContext();
      if (span.isValid()) {
        setter.set(carrier, HEADER, span.getTraceId() + "-" + span.getSpanId());
      }
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
      String value = getter.get(carrier, HEADER);
      if (value == null || value.length() != 32 + 1 + 16 || value.charAt(32) != '-') {
        return context;
      }
      SpanContext remote = SpanContext.createFromRemoteParent(value.substring(0, 32), value.substring(33),
          TraceFlags.getSampled(), TraceState.getDefault());
      return remote.isValid() ? context.with(Span.wrap(remote)) : context;
    }

    @Override
    public String toString() {
      return "HeaderPropagator{" + HEADER + "}";
    }
  }
}
