package dev.traceguard.examples;

import dev.traceguard.cdi.TraceguardExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import org.jspecify.annotations.Nullable;

/**
 * Gives the payment service's CDI container what the demo made outside it: the {@link Topology}, and, when trees are
 * printed, the printer's exporter as a {@code @TraceguardExporter} bean (so Traceguard adds it to the service's
 * runtime, behind masking). Public because CDI requires extensions to be.
 */
public final class DemoBeans implements Extension {
  private final Topology topology;
  private final @Nullable SpanExporter exporter;

  DemoBeans(Topology topology, @Nullable SpanExporter exporter) {
    this.topology = topology;
    this.exporter = exporter;
  }

  void addBeans(@Observes AfterBeanDiscovery event) {
    event.addBean().types(Topology.class, Object.class).scope(Singleton.class).createWith(context -> topology);
    SpanExporter printer = exporter;
    if (printer != null) {
      event.addBean()
          .types(SpanExporter.class, Object.class)
          .qualifiers(TraceguardExporter.Literal.INSTANCE)
          .scope(Singleton.class)
          .createWith(context -> printer);
    }
  }
}
