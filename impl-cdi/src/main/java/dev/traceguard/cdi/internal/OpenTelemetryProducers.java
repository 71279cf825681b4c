package dev.traceguard.cdi.internal;

import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;

/**
 * Hands out the OpenTelemetry types MicroProfile Telemetry defines beans for, from the runtime the {@link
 * TraceguardExtension} owns. {@code OpenTelemetry}, {@code Tracer} and {@code Meter} (the runtime's meter, of
 * Traceguard's instrumentation scope, which records nothing unless {@code otel.metrics.exporter} names an exporter)
 * are {@code @ApplicationScoped}: client proxies, created on first use, when the runtime runs. {@code Span} and
 * {@code Baggage} are {@code @Dependent} and always the same stateless {@link CurrentSpan} and {@link CurrentBaggage},
 * which forward each call to the span or baggage current on the calling thread.
 *
 * <p>Apart from {@link TraceguardProducers} because a server whose own MicroProfile Telemetry is on defines the same
 * beans: with {@code traceguard-all-mp} the extension vetoes this class and the application gets the server's.
 *
 * <p>Only static members: the container never creates an instance.
 */
@Dependent
final class OpenTelemetryProducers {

  @Produces
  @ApplicationScoped
  static OpenTelemetry openTelemetry(TraceguardExtension extension) {
    return extension.runtime().openTelemetry();
  }

  @Produces
  @ApplicationScoped
  static Tracer tracer(TraceguardExtension extension) {
    return extension.runtime().tracer();
  }

  @Produces
  @Dependent
  @Typed(Span.class)
  static Span currentSpan() {
    return CurrentSpan.INSTANCE;
  }

  @Produces
  @Dependent
  @Typed(Baggage.class)
  static Baggage currentBaggage() {
    return CurrentBaggage.INSTANCE;
  }

  @Produces
  @ApplicationScoped
  static Meter meter(TraceguardExtension extension) {
    return extension.runtime().openTelemetry().getMeter(TracingRuntime.INSTRUMENTATION_SCOPE);
  }
}
