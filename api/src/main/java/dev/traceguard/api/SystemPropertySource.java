package dev.traceguard.api;

import java.util.Optional;
import java.util.Set;

/** Reads system properties live, so a property set after start-up is seen by the next load. */
final class SystemPropertySource implements PropertySource {
  static final SystemPropertySource INSTANCE = new SystemPropertySource();

  private SystemPropertySource() {}

  @Override
  public Optional<String> get(String name) {
    return Optional.ofNullable(System.getProperty(name));
  }

  @Override
  public Set<String> names() {
    return System.getProperties().stringPropertyNames();
  }

  @Override
  public String toString() {
    return "PropertySource.systemProperties()";
  }
}
