package dev.traceguard.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where configuration values come from: MicroProfile Config, system properties, environment variables, a map.
 *
 * <p>Names are the dotted lower-case property names of {@link TracingConfig}, such as {@code otel.service.name}.
 * Implementations must be thread-safe and must not throw from {@link #get(String)} for any name.
 */
@FunctionalInterface
public interface PropertySource {

  /**
   * Returns the raw value of the named property, or empty when this source does not define it.
   *
   * @param name a dotted property name such as {@code otel.traces.exporter}
   */
  Optional<String> get(String name);

  /**
   * Returns the names this source defines, so that families of properties with a free suffix (such as {@code
   * traceguard.pii.patterns.<name>}) can be found. A source that cannot list its names returns an empty set
   * (the default); its families are then not discovered, while every fixed name is still read.
   */
  default Set<String> names() {
    return Set.of();
  }

  /** Returns a source over the JVM's system properties, read live at each call. */
  static PropertySource systemProperties() {
    return SystemPropertySource.INSTANCE;
  }

  /**
   * Returns a source over the process environment using OpenTelemetry's mapping: property {@code otel.foo.bar} is
   * read from variable {@code OTEL_FOO_BAR} ({@code .} and {@code -} become {@code _}, letters upper case).
   */
  static PropertySource environmentVariables() {
    return new EnvironmentPropertySource(System.getenv());
  }

  /**
   * Returns a source over the given environment-style map (names such as {@code OTEL_SERVICE_NAME}), with the
   * mapping of {@link #environmentVariables()}. The map is copied.
   */
  static PropertySource environmentVariables(Map<String, String> environment) {
    return new EnvironmentPropertySource(Map.copyOf(environment));
  }

  /** Returns a source over a map of dotted property names to values. The map is copied. */
  static PropertySource fromMap(Map<String, String> properties) {
    return new MapPropertySource(Map.copyOf(properties));
  }

  /**
   * Returns a source that asks each given source in order and answers with the first that defines the name; its
   * {@link #names()} is the union of theirs.
   */
  static PropertySource composite(PropertySource... sources) {
    return new CompositePropertySource(List.of(sources));
  }

  /**
   * Returns the fallback used where MicroProfile Config is absent: system properties first, then environment
   * variables.
   */
  static PropertySource defaults() {
    return composite(systemProperties(), environmentVariables());
  }
}
