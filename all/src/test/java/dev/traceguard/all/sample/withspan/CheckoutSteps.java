package dev.traceguard.all.sample.withspan;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A bean traced with the OpenTelemetry standard's {@code @WithSpan}, which only a server with MicroProfile Telemetry
 * gives the application: included in the WARs of those servers' tests only.
 */
@ApplicationScoped
public class CheckoutSteps {
  /** Answers the id of the span current inside the method: its own, when {@code @WithSpan} took effect. */
  @WithSpan("checkout.reserve")
  public String reserve() {
    return Span.current().getSpanContext().getSpanId();
  }
}
