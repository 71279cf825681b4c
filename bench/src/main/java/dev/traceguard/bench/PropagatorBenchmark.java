package dev.traceguard.bench;

import dev.traceguard.core.internal.W3CPropagator;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3C Trace Context and Baggage through {@link W3CPropagator} with the default formats ({@code tracecontext,
 * baggage}): extracting {@code traceparent}, {@code tracestate} and {@code baggage} from incoming headers, valid,
 * malformed and absent, and injecting them into outgoing ones.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PropagatorBenchmark {

  /** Headers as a server sees them: names in lower case, one value each. */
  enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }

  enum MapSetter implements TextMapSetter<Map<String, String>> {
    INSTANCE;

    @Override
    public void set(@Nullable Map<String, String> carrier, String key, String value) {
      if (carrier != null) {
        carrier.put(key, value);
      }
    }
  }

  /** The propagator, the incoming header sets and the context to inject. */
  @State(Scope.Benchmark)
  public static class Headers {
    W3CPropagator propagator = W3CPropagator.create(List.of("tracecontext", "baggage"));
    Map<String, String> valid = Map.of();
    Map<String, String> invalid = Map.of();
    Map<String, String> none = Map.of();
    Context outgoing = Context.root();

    @Setup(Level.Trial)
    public void setUp() {
      propagator = W3CPropagator.create(List.of("tracecontext", "baggage"));
      valid = new HashMap<>(Map.of(
          "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
          "baggage", "tenant=acme,region=eu-west-1,release=2026.03;source=edge",
          "accept", "application/json",
          "user-agent", "curl/8.5.0"));
      // Upper-case hex breaks the traceparent; an empty key breaks the tracestate; members without '=' the baggage.
      invalid = new HashMap<>(Map.of(
          "traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
          "tracestate", "=t61rcWkgMzE,rojo",
          "baggage", "tenant;region,=eu-west-1",
          "accept", "application/json",
          "user-agent", "curl/8.5.0"));
      none = new HashMap<>(Map.of(
          "accept", "application/json",
          "user-agent", "curl/8.5.0"));
      SpanContext local = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
          TraceFlags.getSampled(), TraceState.builder().put("rojo", "00f067aa0ba902b7").build());
      Baggage baggage = Baggage.builder().put("tenant", "acme").put("region", "eu-west-1").build();
      outgoing = Context.root().with(Span.wrap(local)).with(baggage);

      if (!Span.fromContext(extract(valid)).getSpanContext().isValid()) {
        throw new IllegalStateException("the valid headers gave no span context");
      }
      if (Span.fromContext(extract(invalid)).getSpanContext().isValid()) {
        throw new IllegalStateException("the invalid headers gave a span context");
      }
    }

    Context extract(Map<String, String> carrier) {
      return propagator.extract(Context.root(), carrier, MapGetter.INSTANCE);
    }
  }

  /** Where {@link #inject} writes; cleared before each call so the map does not grow. */
  @State(Scope.Thread)
  public static class Outgoing {
    final Map<String, String> headers = new HashMap<>();
  }

  @Benchmark
  public Context extractValid(Headers state) {
    return state.extract(state.valid);
  }

  @Benchmark
  public Context extractInvalid(Headers state) {
    return state.extract(state.invalid);
  }

  /** A request without trace headers: the common case at the edge. */
  @Benchmark
  public Context extractNone(Headers state) {
    return state.extract(state.none);
  }

  @Benchmark
  public Map<String, String> inject(Headers state, Outgoing out) {
    out.headers.clear();
    state.propagator.inject(state.outgoing, out.headers, MapSetter.INSTANCE);
    return out.headers;
  }
}
