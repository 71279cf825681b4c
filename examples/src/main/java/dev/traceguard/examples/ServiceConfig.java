package dev.traceguard.examples;

import dev.traceguard.api.PropertySource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * The MicroProfile Config of one demo service, as a Jakarta EE server would give each application its own: system
 * properties (ordinal 400), environment variables (300), {@code META-INF/microprofile-config.properties} files
 * (100, Traceguard's own defaults at 1), plus two demo sources:
 *
 * <ul>
 *   <li>the service's identity, {@code otel.service.name} and {@code otel.exporter.prometheus.port}, at ordinal
 *       {@value #IDENTITY_ORDINAL}: three services in one JVM share their system properties, and each must keep its
 *       own name and, with {@code otel.metrics.exporter=prometheus}, its own scrape port: the configured port (9464
 *       by default) for the gateway, the next for users, the one after for payments;
 *   <li>when no exporter is configured anywhere, the development preset at ordinal {@value #DEVELOPMENT_ORDINAL}
 *       (every trace sampled, full stack traces, the console exporter printing each service's finished traces as
 *       trees).
 * </ul>
 */
final class ServiceConfig {
  /** Above system properties: the service name is the one thing the three services may not share. */
  static final int IDENTITY_ORDINAL = 500;
  /** Below the application's own file: anything a user sets anywhere wins over the preset. */
  static final int DEVELOPMENT_ORDINAL = 50;
  static final String EXPORTER = "otel.traces.exporter";
  static final String PROMETHEUS_PORT = "otel.exporter.prometheus.port";

  /** {@code TracingConfig.development()} as properties. */
  static final Map<String, String> DEVELOPMENT = Map.of(
      "otel.traces.sampler", "always_on",
      EXPORTER, "console",
      "traceguard.exception.stacktrace", "full");

  // The SDK's default for otel.exporter.prometheus.port.
  private static final int DEFAULT_PROMETHEUS_PORT = 9464;

  private ServiceConfig() {}

  /** Whether the user configured an exporter in any standard source; if not, the demo prints trees on the console. */
  static boolean exporterConfigured(ClassLoader loader) {
    return new SmallRyeConfigBuilder().forClassLoader(loader).addDefaultSources().build()
        .getOptionalValue(EXPORTER, String.class).isPresent();
  }

  /**
   * Builds the configuration of the service named {@code serviceName}, whose Prometheus port is the configured one
   * plus {@code metricsPortOffset}.
   */
  static SmallRyeConfig create(String serviceName, int metricsPortOffset, boolean development, ClassLoader loader) {
    Map<String, String> identity = new HashMap<>();
    identity.put("otel.service.name", serviceName);
    Optional<String> port = new SmallRyeConfigBuilder().forClassLoader(loader).addDefaultSources().build()
        .getOptionalValue(PROMETHEUS_PORT, String.class);
    try {
      int base = port.isPresent() ? Integer.parseInt(port.get().trim()) : DEFAULT_PROMETHEUS_PORT;
      identity.put(PROMETHEUS_PORT, Integer.toString(base + metricsPortOffset));
    } catch (NumberFormatException e) {
      // Left as given: Traceguard's loader reports the invalid value with its rule.
    }
    SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
        .forClassLoader(loader)
        .addDefaultSources()
        .withSources(new PropertiesConfigSource(identity, "demo service identity", IDENTITY_ORDINAL));
    if (development) {
      builder.withSources(new PropertiesConfigSource(DEVELOPMENT, "demo development preset", DEVELOPMENT_ORDINAL));
    }
    return builder.build();
  }

  /** Traceguard's view of a MicroProfile {@link Config}. */
  static PropertySource propertySource(Config config) {
    return new PropertySource() {
      @Override
      public Optional<String> get(String name) {
        return config.getOptionalValue(name, String.class);
      }

      @Override
      public Set<String> names() {
        Set<String> names = new HashSet<>();
        config.getPropertyNames().forEach(names::add);
        return names;
      }
    };
  }
}
