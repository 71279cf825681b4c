package dev.traceguard.jaxrs.internal;

import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one rule by which Traceguard registers itself on a JAX-RS application or client the application did not
 * register it on: not twice, not over a {@link TraceguardFeature}, filter or mapper the application registered (or
 * the server discovered), and only with the application's own runtime (a {@link
 * dev.traceguard.core.spi.TracingRuntimeProvider}'s answer, the CDI container's), never a runtime of its own. Used by
 * {@link JerseyAutoDiscoverable} (Jersey servers and clients) and {@link ClientAutoFeature} (RESTEasy clients and
 * other implementations that read {@code META-INF/services/jakarta.ws.rs.ext.Providers}). Configuration time only;
 * never throws.
 */
final class AutoRegistration {
  private static final Logger logger = Logger.getLogger(AutoRegistration.class.getName());
  private static final LogThrottle LOG_THROTTLE = LogThrottle.everyMinute();

  private AutoRegistration() {}

  /** Registers Traceguard on the application or client being configured, if the rule allows. */
  static void register(FeatureContext context, Supplier<Optional<TracingRuntime>> runtime) {
    Configuration configuration = context.getConfiguration();
    boolean server = configuration.getRuntimeType() == RuntimeType.SERVER;
    if (configuration.isRegistered(TraceguardFeature.class)
        || configuration.isRegistered(server ? ServerTracingFilter.class : ClientTracingFilter.class)
        || (server && configuration.isRegistered(TraceguardExceptionMapper.class))) {
      return;
    }
    try {
      runtime.get().ifPresent(existing -> context.register(new TraceguardFeature(existing)));
    } catch (RuntimeException | LinkageError e) {
      // A provider failing, say: the client works untraced, as it would without Traceguard.
      LOG_THROTTLE.log(logger, Level.FINE, "Traceguard could not register itself on a JAX-RS " + (server
          ? "application; its requests are" : "client; its calls are") + " not traced. Further failures are logged"
          + " at most once a minute.", e);
    }
  }
}
