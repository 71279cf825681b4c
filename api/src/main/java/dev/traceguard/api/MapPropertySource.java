package dev.traceguard.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

final class MapPropertySource implements PropertySource {
  private final Map<String, String> properties;

  MapPropertySource(Map<String, String> properties) {
    this.properties = properties;
  }

  @Override
  public Optional<String> get(String name) {
    return Optional.ofNullable(properties.get(name));
  }

  @Override
  public Set<String> names() {
    return properties.keySet();
  }

  @Override
  public String toString() {
    return "PropertySource.fromMap(" + properties.keySet() + ")";
  }
}
