package dev.traceguard.cdi.internal;

import dev.traceguard.api.PropertySource;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A {@link PropertySource} over an application's MicroProfile {@link Config}: every config source the application
 * has, in their ordinal order, under the very names {@code TracingConfig} reads. Only loaded once the MicroProfile
 * Config API is known to be on the classpath (see {@link ConfigSources}).
 *
 * <p>Thread-safe as MicroProfile Config is. Never throws from {@link #get}: a value the config cannot produce (an
 * expression naming a missing property, say) is logged and read as absent, which leaves Traceguard's default.
 */
final class MicroProfilePropertySource implements PropertySource {
  private static final Logger logger = Logger.getLogger(MicroProfilePropertySource.class.getName());

  private final Config config;

  MicroProfilePropertySource(Config config) {
    this.config = config;
  }

  /**
   * Returns a source over the config of the application whose classes {@code loader} loads. Declared to return the
   * interface so that callers never need this class's MicroProfile types to be verified.
   *
   * @throws IllegalStateException if there is no MicroProfile Config implementation
   */
  static PropertySource create(ClassLoader loader) {
    return new MicroProfilePropertySource(ConfigProvider.getConfig(loader));
  }

  @Override
  public Optional<String> get(String name) {
    try {
      return config.getOptionalValue(name, String.class);
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "MicroProfile Config could not give " + name + "; Traceguard uses its default", e);
      return Optional.empty();
    }
  }

  @Override
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    config.getPropertyNames().forEach(names::add);
    return names;
  }

  @Override
  public String toString() {
    return "MicroProfilePropertySource{" + config + '}';
  }
}
