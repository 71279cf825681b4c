package dev.traceguard.examples;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;

/**
 * Gives the payment service's CDI container the {@link Topology} the demo made outside it. Public because CDI
 * requires extensions to be.
 */
public final class DemoBeans implements Extension {
  private final Topology topology;

  DemoBeans(Topology topology) {
    this.topology = topology;
  }

  void addBeans(@Observes AfterBeanDiscovery event) {
    event.addBean().types(Topology.class, Object.class).scope(Singleton.class).createWith(context -> topology);
  }
}
