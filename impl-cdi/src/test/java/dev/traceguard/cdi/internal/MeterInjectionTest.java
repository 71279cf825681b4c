package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.freePort;
import static dev.traceguard.cdi.internal.TestContainers.prometheusOn;
import static dev.traceguard.cdi.internal.TestContainers.scrape;
import static dev.traceguard.cdi.internal.TestContainers.weld;
import static dev.traceguard.cdi.internal.TestContainers.withConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** {@code @Inject Meter}: instruments an application makes on it reach the runtime's metric exporters. */
class MeterInjectionTest {

  @ApplicationScoped
  static class Orders {
    @Inject Meter meter;
    private LongCounter placed;

    @PostConstruct
    void instruments() {
      placed = meter.counterBuilder("orders.placed").setDescription("Orders placed").build();
    }

    void place() {
      placed.add(1);
    }
  }

  @Test
  void injectedMeter_counterIncremented_scrapedWithTheJvmMetrics() throws Exception {
    int port = freePort();
    WeldContainer container = withConfig(prometheusOn(port),
        () -> weld(Orders.class).initialize());
    try {
      Orders orders = container.select(Orders.class).get();
      orders.place();
      orders.place();

      String scrape = scrape(port);

      assertThat(scrape).containsPattern("(?m)^orders_placed_total\\{[^}]*otel_scope_name=\"dev\\.traceguard\"[^}]*} 2(\\.0)?$");
      assertThat(scrape).containsPattern("(?m)^jvm_memory_used_bytes\\{");
    } finally {
      container.shutdown();
    }
  }
}
