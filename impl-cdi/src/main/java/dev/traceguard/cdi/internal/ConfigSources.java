package dev.traceguard.cdi.internal;

import dev.traceguard.api.PropertySource;
import dev.traceguard.core.MicroProfileConfigFiles;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chooses where an application's configuration comes from: MicroProfile Config when the application can load it
 * and it has an implementation, otherwise {@link PropertySource#defaults()} (system properties, then environment
 * variables). MicroProfile Config's own default sources already hold system properties (ordinal 400) and
 * environment variables (300), and Traceguard's shipped defaults sit at ordinal 1 beneath everything.
 *
 * <p>The MicroProfile Config API is an optional dependency: this class only names it as a string, and touches its
 * types through {@link MicroProfilePropertySource} once the API is known to be there.
 */
final class ConfigSources {
  static final String CONFIG_PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";

  private static final Logger logger = Logger.getLogger(ConfigSources.class.getName());

  private ConfigSources() {}

  /** Returns the source for the application whose classes {@code loader} loads. Never throws. */
  static PropertySource forClassLoader(ClassLoader loader) {
    if (!isPresent(CONFIG_PROVIDER, loader)) {
      MicroProfileConfigFiles.warnIfUnread(loader, "the MicroProfile Config API is not on the class path");
      return PropertySource.defaults();
    }
    try {
      return MicroProfilePropertySource.create(loader);
    } catch (RuntimeException | LinkageError e) {
      // The API without an implementation: ConfigProviderResolver finds none and throws IllegalStateException.
      logger.log(Level.FINE, "MicroProfile Config is present but unusable; Traceguard reads system properties and"
          + " environment variables", e);
      MicroProfileConfigFiles.warnIfUnread(loader, "no MicroProfile Config implementation is on the class path");
      return PropertySource.defaults();
    }
  }

  static boolean isPresent(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
