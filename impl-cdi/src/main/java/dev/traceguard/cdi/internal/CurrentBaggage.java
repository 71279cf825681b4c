package dev.traceguard.cdi.internal;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.Serializable;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Baggage} that {@code @Inject Baggage} gives: it holds no entries of its own and forwards every call to
 * {@link Baggage#current()} at the moment of the call, so one injected reference always reads the baggage current on
 * the calling thread (a request's incoming {@code baggage}, or what the application made current), as MicroProfile
 * Telemetry asks. It never depends on a request context being active.
 *
 * <p>{@link #storeInContext} and {@link #makeCurrent} act on the current baggage too, so this object itself never ends
 * up in a context (where {@code Baggage.current()} would return it and forward to itself). Stateless, thread-safe;
 * serializable to itself, so passivating beans may inject it.
 */
final class CurrentBaggage implements Baggage, Serializable {
  private static final long serialVersionUID = 1L;

  static final CurrentBaggage INSTANCE = new CurrentBaggage();

  private CurrentBaggage() {}

  @Override
  public int size() {
    return Baggage.current().size();
  }

  @Override
  public boolean isEmpty() {
    return Baggage.current().isEmpty();
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super BaggageEntry> consumer) {
    Baggage.current().forEach(consumer);
  }

  @Override
  public Map<String, BaggageEntry> asMap() {
    return Baggage.current().asMap();
  }

  @Override
  public @Nullable String getEntryValue(String entryKey) {
    return Baggage.current().getEntryValue(entryKey);
  }

  @Override
  public @Nullable BaggageEntry getEntry(String entryKey) {
    return Baggage.current().getEntry(entryKey);
  }

  @Override
  public BaggageBuilder toBuilder() {
    return Baggage.current().toBuilder();
  }

  @Override
  public Context storeInContext(Context context) {
    return Baggage.current().storeInContext(context);
  }

  @Override
  public Scope makeCurrent() {
    return Baggage.current().makeCurrent();
  }

  @Override
  public String toString() {
    return "CurrentBaggage{" + Baggage.current() + '}';
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
