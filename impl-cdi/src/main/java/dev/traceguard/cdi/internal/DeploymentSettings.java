package dev.traceguard.cdi.internal;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import java.time.Duration;

/**
 * What the CDI integration reads from configuration: the {@link TracingConfig}, including {@value
 * #SHUTDOWN_TIMEOUT}. Every invalid property is reported in one {@link TraceguardConfigurationException}. Immutable.
 */
final class DeploymentSettings {

  /** How long the shutdown waits for queued spans to be exported: {@value}. */
  static final String SHUTDOWN_TIMEOUT = "traceguard.shutdown.timeout";

  /** The shutdown timeout when none is configured: 10 seconds. */
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMillis(TracingConfig.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS);

  private final TracingConfig tracing;

  private DeploymentSettings(TracingConfig tracing) {
    this.tracing = tracing;
  }

  /**
   * Reads the settings.
   *
   * @throws TraceguardConfigurationException listing every invalid property
   */
  static DeploymentSettings load(PropertySource source) {
    return new DeploymentSettings(TracingConfig.from(source));
  }

  TracingConfig tracing() {
    return tracing;
  }

  Duration shutdownTimeout() {
    return tracing.shutdownTimeout();
  }
}
