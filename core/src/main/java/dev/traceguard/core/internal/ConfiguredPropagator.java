package dev.traceguard.core.internal;

import dev.traceguard.api.Propagator;
import dev.traceguard.api.TraceParent;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Propagator} for an {@code otel.propagators} list that names more than the W3C formats ({@code b3},
 * {@code xray}, a provider's): the SDK's composite built by autoconfigure, bound when the runtime starts (before
 * that it propagates nothing). W3C Trace Context inside it is still {@link W3CPropagator}'s strict reading.
 *
 * <p>Thread-safe. Never throws: a failing propagator, getter or setter yields the input context (or an injection
 * that stops where it failed), logged as {@link W3CPropagator} logs its failures.
 */
public final class ConfiguredPropagator implements Propagator {
  // For parseTraceparent only, which reads one header whatever the formats.
  private static final W3CPropagator TRACEPARENT_PARSER = W3CPropagator.create(List.of());

  private volatile TextMapPropagator delegate = TextMapPropagator.noop();

  /** Returns true when {@code names} are W3C formats only, which {@link W3CPropagator} serves on its own. */
  public static boolean isW3cOnly(List<String> names) {
    for (String name : names) {
      if (!name.equals(W3CPropagator.TRACECONTEXT) && !name.equals(W3CPropagator.BAGGAGE)) {
        return false;
      }
    }
    return true;
  }

  /** Makes {@code propagator}, the SDK's, the one this propagator delegates to. */
  public void bind(TextMapPropagator propagator) {
    this.delegate = propagator;
  }

  @Override
  public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
    if (carrier == null) {
      return context;
    }
    try {
      return delegate.extract(context, carrier, getter);
    } catch (Throwable t) {
      W3CPropagator.onFailure("extract", t);
      return context;
    }
  }

  @Override
  public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
    if (carrier == null) {
      return;
    }
    try {
      delegate.inject(context, carrier, setter);
    } catch (Throwable t) {
      W3CPropagator.onFailure("inject", t);
    }
  }

  @Override
  public Optional<TraceParent> parseTraceparent(@Nullable String header) {
    return TRACEPARENT_PARSER.parseTraceparent(header);
  }

  @Override
  public String toString() {
    return "ConfiguredPropagator{" + delegate + '}';
  }
}
