package dev.traceguard.jaxrs.internal;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.MicroProfileConfigFiles;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.spi.TracingRuntimeProvider;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The runtime of a {@code TraceguardFeature} created without one.
 *
 * <p>First the application's own: every {@link TracingRuntimeProvider} visible to the thread context class loader
 * (falling back to this library's) is asked, and the first answer wins; {@code traceguard-cdi} answers the runtime of
 * the running CDI container, so an application with CDI has exactly one runtime, owned by the container. Such a
 * runtime is looked up anew for each configured application, never kept here: two applications have two.
 *
 * <p>Only when no provider answers: one runtime per class loader of this library, configured from system properties
 * and environment variables on first use, shut down (flushing its queue) when the JVM exits. Invalid configuration
 * fails the application's configuration, not a request.
 *
 * <p>Called at configuration time only, never per request. Thread-safe.
 */
public final class DefaultRuntime {
  private static final Logger logger = Logger.getLogger(DefaultRuntime.class.getName());
  // ServiceLoader moves past a provider it failed to load only on a best-effort basis (its javadoc), so a loader
  // that kept failing on the same entry would make the search spin; this many failures end it.
  static final int MAX_UNLOADABLE_PROVIDERS = 16;

  private DefaultRuntime() {}

  /**
   * Returns the calling application's runtime: a provider's, else the class loader's fallback, creating and
   * starting the fallback on the first call that needs it.
   *
   * @throws dev.traceguard.api.TraceguardConfigurationException if the fallback is needed and its configuration is
   *     invalid
   */
  public static TracingRuntime get() {
    return get(applicationLoader());
  }

  /**
   * Returns the first non-empty answer of the providers visible to the thread context class loader (else this
   * library's): the application's runtime when something owns one, never the fallback.
   */
  public static Optional<TracingRuntime> provided() {
    return provided(applicationLoader());
  }

  private static ClassLoader applicationLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : DefaultRuntime.class.getClassLoader();
  }

  /** As {@link #get()}, with the providers visible to {@code loader}. */
  static TracingRuntime get(ClassLoader loader) {
    return provided(loader).orElseGet(() -> Holder.RUNTIME);
  }

  /** Returns the first non-empty answer of the providers visible to {@code loader}. */
  static Optional<TracingRuntime> provided(ClassLoader loader) {
    Iterator<TracingRuntimeProvider> providers = ServiceLoader.load(TracingRuntimeProvider.class, loader).iterator();
    int unloadable = 0;
    while (unloadable < MAX_UNLOADABLE_PROVIDERS) {
      TracingRuntimeProvider provider;
      try {
        if (!providers.hasNext()) {
          return Optional.empty();
        }
        provider = providers.next();
      } catch (ServiceConfigurationError e) {
        // A provider listed but not usable from here (its class missing, or implementing another class loader's
        // copy of the interface) cannot know this application's runtime; the iterator moves on to the next one.
        logger.log(Level.WARNING, "Traceguard skipped a TracingRuntimeProvider it could not load", e);
        unloadable++;
        continue;
      }
      Optional<TracingRuntime> runtime = provider.runtime();
      if (runtime.isPresent()) {
        return runtime;
      }
    }
    return Optional.empty();
  }

  private static final class Holder {
    static final TracingRuntime RUNTIME = start();

    private static TracingRuntime start() {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      MicroProfileConfigFiles.warnIfUnread(context != null ? context : DefaultRuntime.class.getClassLoader(),
          "without CDI (traceguard-cdi in a CDI container) Traceguard's JAX-RS feature configures itself from system"
              + " properties and environment variables only");
      TracingRuntime runtime = TracingRuntime.create(TracingConfig.from(PropertySource.defaults())).start();
      Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "traceguard-shutdown"));
      return runtime;
    }
  }
}
