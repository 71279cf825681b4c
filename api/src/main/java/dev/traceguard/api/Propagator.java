package dev.traceguard.api;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Carries trace context and baggage across process boundaries in HTTP headers (W3C Trace Context and W3C Baggage
 * by default).
 *
 * <p>Implementations are thread-safe and never throw on malformed input: a header that breaks the rules yields the
 * context unchanged, as the W3C Recommendation requires.
 */
public interface Propagator {

  /**
   * Returns {@code context} extended with the span context and baggage found in the carrier's headers, or {@code
   * context} itself when there are none or they are invalid. Repeated headers are read in full (through {@link
   * TextMapGetter#getAll}), not only their first value.
   *
   * @param carrier the incoming request's headers; null yields {@code context}
   */
  <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter);

  /**
   * Writes the span context and baggage of {@code context} into the carrier's headers ({@code traceparent}, {@code
   * tracestate}, {@code baggage}); writes nothing when the context holds no valid span context or baggage.
   *
   * @param carrier the outgoing request's headers; null writes nothing
   */
  <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter);

  /**
   * Parses one {@code traceparent} header value by the W3C Trace Context rules (version {@code 00} exactly, higher
   * versions forward-compatibly, {@code ff} invalid, lower-case hex only, all-zero ids invalid, surrounding optional
   * white space tolerated).
   *
   * @param header the header value; null yields empty
   * @return the parsed value, or empty when the header is invalid
   */
  Optional<TraceParent> parseTraceparent(@Nullable String header);

  /** Returns a propagator that extracts nothing, injects nothing and parses nothing. */
  static Propagator noop() {
    return NoopPropagator.INSTANCE;
  }
}
