package dev.traceguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
  private final ClassLoader loader = ServiceConfigTest.class.getClassLoader();

  @AfterEach
  void clearProperty() {
    System.clearProperty(ServiceConfig.PROMETHEUS_PORT);
  }

  @Test
  void create_noPortConfigured_prometheusPortIsDefaultPlusOffset() {
    assertThat(ServiceConfig.create("demo-users", 1, false, loader)
        .getValue(ServiceConfig.PROMETHEUS_PORT, String.class)).isEqualTo("9465");
    assertThat(ServiceConfig.create("demo-gateway", 0, false, loader)
        .getValue("otel.service.name", String.class)).isEqualTo("demo-gateway");
  }

  @Test
  void create_portSetAsSystemProperty_eachServiceGetsItsOwn() {
    System.setProperty(ServiceConfig.PROMETHEUS_PORT, "19000");

    assertThat(ServiceConfig.create("demo-gateway", 0, false, loader)
        .getValue(ServiceConfig.PROMETHEUS_PORT, String.class)).isEqualTo("19000");
    assertThat(ServiceConfig.create("demo-payments", 2, false, loader)
        .getValue(ServiceConfig.PROMETHEUS_PORT, String.class)).isEqualTo("19002");
  }

  @Test
  void create_portNotANumber_leftAsGivenForTraceguardToReport() {
    System.setProperty(ServiceConfig.PROMETHEUS_PORT, "http");

    assertThat(ServiceConfig.create("demo-users", 1, false, loader)
        .getValue(ServiceConfig.PROMETHEUS_PORT, String.class)).isEqualTo("http");
  }
}
