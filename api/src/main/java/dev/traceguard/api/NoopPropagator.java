package dev.traceguard.api;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

enum NoopPropagator implements Propagator {
  INSTANCE;

  @Override
  public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
    return context;
  }

  @Override
  public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {}

  @Override
  public Optional<TraceParent> parseTraceparent(@Nullable String header) {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Propagator.noop()";
  }
}
