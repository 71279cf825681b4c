package dev.traceguard.api;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class CompositePropertySource implements PropertySource {
  private final List<PropertySource> sources;

  CompositePropertySource(List<PropertySource> sources) {
    this.sources = sources;
  }

  @Override
  public Optional<String> get(String name) {
    for (PropertySource source : sources) {
      Optional<String> value = source.get(name);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  @Override
  public Set<String> names() {
    Set<String> names = new HashSet<>();
    for (PropertySource source : sources) {
      names.addAll(source.names());
    }
    return Set.copyOf(names);
  }

  @Override
  public String toString() {
    return "PropertySource.composite(" + sources + ")";
  }
}
