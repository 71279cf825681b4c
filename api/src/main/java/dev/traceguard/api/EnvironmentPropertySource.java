package dev.traceguard.api;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Maps dotted names to OpenTelemetry's environment-variable names: {@code otel.foo-bar} ↔ {@code OTEL_FOO_BAR}. */
final class EnvironmentPropertySource implements PropertySource {
  private final Map<String, String> environment;

  EnvironmentPropertySource(Map<String, String> environment) {
    this.environment = environment;
  }

  static String variableName(String propertyName) {
    return propertyName.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public Optional<String> get(String name) {
    return Optional.ofNullable(environment.get(variableName(name)));
  }

  /**
   * Returns the variables as dotted names ({@code TRACEGUARD_PII_PATTERNS_CARD} becomes {@code
   * traceguard.pii.patterns.card}); the mapping loses {@code -}, so only free suffixes are found this way.
   */
  @Override
  public Set<String> names() {
    return environment.keySet().stream()
        .map(variable -> variable.toLowerCase(Locale.ROOT).replace('_', '.'))
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String toString() {
    return "PropertySource.environmentVariables()";
  }
}
