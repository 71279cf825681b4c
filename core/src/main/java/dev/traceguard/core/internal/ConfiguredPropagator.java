package dev.traceguard.core.internal;

import dev.traceguard.api.Propagator;
import dev.traceguard.api.TraceParent;
import dev.traceguard.core.LogThrottle;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Propagator} for an {@code otel.propagators} list that names more than the W3C formats ({@code b3},
 * {@code xray}, a provider's): the SDK's composite built by autoconfigure, bound when the runtime starts (before
 * that it propagates nothing). W3C Trace Context inside it is still {@link W3CPropagator}'s strict reading.
 *
 * <p>Thread-safe. Never throws: a failing propagator, getter or setter yields the input context (or an injection
 * that stops where it failed), logged at {@code FINE} at most once a minute.
 */
public final class ConfiguredPropagator implements Propagator {
  private static final Logger logger = Logger.getLogger(ConfiguredPropagator.class.getName());
  private static final LogThrottle LOG_THROTTLE = LogThrottle.everyMinute();
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
      onFailure("extract", t);
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
      onFailure("inject", t);
    }
  }

  @Override
  public Optional<TraceParent> parseTraceparent(@Nullable String header) {
    return TRACEPARENT_PARSER.parseTraceparent(header);
  }

  private static void onFailure(String operation, Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
    LOG_THROTTLE.log(logger, Level.FINE, "Context " + operation + " failed; the request goes on without it", t);
  }

  @Override
  public String toString() {
    return "ConfiguredPropagator{" + delegate + '}';
  }
}
