package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentSettingsTest {
  // The rule as users read it in the message; asserted literally, not taken from the code under test.
  private static final String DURATION_RULE =
      "a positive duration: whole milliseconds, or a whole number followed by ms, s, m, h or d";


  @Test
  void load_nothingSet_defaultsAndTenSecondTimeout() {
    DeploymentSettings settings = DeploymentSettings.load(PropertySource.fromMap(Map.of()));

    assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.tracing().serviceName()).isEqualTo("unknown_service");
  }

  @Test
  void load_timeoutWithEveryUnit_parsed() {
    assertThat(timeout("1500")).isEqualTo(Duration.ofMillis(1500));
    assertThat(timeout("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(timeout(" 3 s ")).isEqualTo(Duration.ofSeconds(3));
    assertThat(timeout("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(timeout("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(timeout("1d")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void load_blankTimeout_keepsTheDefault() {
    assertThat(timeout("  ")).isEqualTo(Duration.ofSeconds(10));
  }

  private static Duration timeout(String value) {
    return DeploymentSettings.load(PropertySource.fromMap(Map.of(DeploymentSettings.SHUTDOWN_TIMEOUT, value)))
        .shutdownTimeout();
  }

  @Test
  void load_invalidTimeouts_rejectedWithTheRule() {
    for (String value : new String[] {"0", "0s", "-5s", "soon", "5 weeks", "999999999999999999d"}) {
      assertThatThrownBy(() -> timeout(value))
          .as(value)
          .isInstanceOf(TraceguardConfigurationException.class)
          .hasMessage("Invalid Traceguard configuration (1 problem):\n  traceguard.shutdown.timeout='"
              + value.trim() + "': must be " + DURATION_RULE);
    }
  }

  @Test
  void load_badTracingAndBadTimeout_bothReportedTracingFirst() {
    PropertySource source = PropertySource.fromMap(Map.of(
        "otel.traces.sampler.arg", "2",
        DeploymentSettings.SHUTDOWN_TIMEOUT, "later"));

    assertThatThrownBy(() -> DeploymentSettings.load(source))
        .isInstanceOfSatisfying(TraceguardConfigurationException.class, e -> assertThat(e.problems())
            .containsExactly(
                "otel.traces.sampler.arg='2': must be a number in [0, 1]",
                "traceguard.shutdown.timeout='later': must be " + DURATION_RULE));
  }
}
