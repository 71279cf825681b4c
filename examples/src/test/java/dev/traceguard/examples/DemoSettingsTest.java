package dev.traceguard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.PropertySource;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoSettingsTest {

  @Test
  void load_nothingSet_loopbackAndPorts8080To8082() {
    DemoSettings settings = DemoSettings.load(PropertySource.fromMap(Map.of()));

    assertThat(settings.gateway()).isEqualTo(URI.create("http://127.0.0.1:8080/"));
    assertThat(settings.users()).isEqualTo(URI.create("http://127.0.0.1:8081/"));
    assertThat(settings.payments()).isEqualTo(URI.create("http://127.0.0.1:8082/"));
  }

  @Test
  void load_hostAndPortSet_servicesOnThePortAndTheNextTwo() {
    DemoSettings settings = DemoSettings.load(PropertySource.fromMap(Map.of("demo.host", " ::1 ", "demo.port", "9000")));

    assertThat(settings.gateway()).isEqualTo(URI.create("http://[::1]:9000/"));
    assertThat(settings.payments()).isEqualTo(URI.create("http://[::1]:9002/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65534", "-1", "80a", ""})
  void load_portOutOfRangeOrNotANumber_namesPropertyValueAndRule(String port) {
    assertThatThrownBy(() -> DemoSettings.load(PropertySource.fromMap(Map.of("demo.port", port))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("demo.port='" + port + "': must be a whole number from 1 to 65533 (the demo listens on it and on"
            + " the next two ports)");
  }

  @Test
  void load_hostNotAHostName_namesPropertyAndRule() {
    assertThatThrownBy(() -> DemoSettings.load(PropertySource.fromMap(Map.of("demo.host", "my host"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("demo.host='my host': must be a host name or an IP address");
  }
}
