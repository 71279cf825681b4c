package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.core.MapCarrier;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link ConfiguredPropagator}: the SDK's composite behind Traceguard's never-throwing contract. */
class ConfiguredPropagatorTest {
  private static final ContextKey<String> MARK = ContextKey.named("mark");
  private static final TextMapSetter<Map<String, String>> SETTER = MapCarrier.SETTER;
  private static final TextMapGetter<Map<String, String>> GETTER = MapCarrier.GETTER;

  /** Writes and reads one header, {@code x-mark}, or throws when told to. */
  private static TextMapPropagator marking(boolean fail) {
    return new TextMapPropagator() {
      @Override
      public Collection<String> fields() {
        return List.of("x-mark");
      }

      @Override
      public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
        if (fail) {
          throw new IllegalStateException("broken propagator");
        }
        setter.set(carrier, "x-mark", context.get(MARK));
      }

      @Override
      public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
        if (fail) {
          throw new IllegalStateException("broken propagator");
        }
        String mark = getter.get(carrier, "x-mark");
        return mark == null ? context : context.with(MARK, mark);
      }
    };
  }

  @Test
  void isW3cOnly_names_trueOnlyForTraceContextAndBaggage() {
    assertThat(ConfiguredPropagator.isW3cOnly(List.of())).isTrue();
    assertThat(ConfiguredPropagator.isW3cOnly(List.of("baggage", "tracecontext"))).isTrue();
    assertThat(ConfiguredPropagator.isW3cOnly(List.of("tracecontext", "b3"))).isFalse();
  }

  @Test
  void unbound_propagatesNothing() {
    ConfiguredPropagator propagator = new ConfiguredPropagator();
    Map<String, String> carrier = new HashMap<>();

    propagator.inject(Context.root().with(MARK, "m"), carrier, SETTER);

    assertThat(carrier).isEmpty();
    assertThat(propagator.extract(Context.root(), Map.of("x-mark", "m"), GETTER)).isSameAs(Context.root());
  }

  @Test
  void bound_injectsAndExtractsThroughTheSdksPropagator() {
    ConfiguredPropagator propagator = new ConfiguredPropagator();
    propagator.bind(marking(false));
    Map<String, String> carrier = new HashMap<>();

    propagator.inject(Context.root().with(MARK, "m"), carrier, SETTER);

    assertThat(carrier).containsExactly(Map.entry("x-mark", "m"));
    assertThat(propagator.extract(Context.root(), carrier, GETTER).get(MARK)).isEqualTo("m");
  }

  @Test
  void failingPropagator_neverThrows_contextUnchanged() {
    ConfiguredPropagator propagator = new ConfiguredPropagator();
    propagator.bind(marking(true));
    Map<String, String> carrier = new HashMap<>();
    Context context = Context.root().with(MARK, "m");

    propagator.inject(context, carrier, SETTER);

    assertThat(carrier).isEmpty();
    assertThat(propagator.extract(context, Map.of("x-mark", "other"), GETTER)).isSameAs(context);
  }

  @Test
  void nullCarrier_extractReturnsTheContextAndInjectWritesNothing() {
    ConfiguredPropagator propagator = new ConfiguredPropagator();
    propagator.bind(marking(false));
    Context context = Context.root().with(MARK, "m");

    propagator.inject(context, null, SETTER);

    assertThat(propagator.extract(context, null, GETTER)).isSameAs(context);
  }

  @Test
  void parseTraceparent_readsW3cWhateverTheFormats() {
    ConfiguredPropagator propagator = new ConfiguredPropagator();

    assertThat(propagator.parseTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        .hasValueSatisfying(parsed -> assertThat(parsed.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c"));
    assertThat(propagator.parseTraceparent("garbage")).isEmpty();
  }
}
