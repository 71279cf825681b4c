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
 * The one rule by which Traceguard registers itself on a JAX-RS client the application built without naming it:
 * on a client only, not twice, not over a {@link TraceguardFeature} or client filter the application registered, and
 * only with the application's own runtime (a {@link dev.traceguard.core.spi.TracingRuntimeProvider}'s answer). Used
 * by {@link JerseyClientAutoDiscoverable} (Jersey) and {@link ClientAutoFeature} (RESTEasy and other implementations
 * that read {@code META-INF/services/jakarta.ws.rs.ext.Providers}). Configuration time only; never throws.
 */
final class ClientRegistration {
  private static final Logger logger = Logger.getLogger(ClientRegistration.class.getName());
  private static final LogThrottle LOG_THROTTLE = LogThrottle.everyMinute();

  private ClientRegistration() {}

  /** Registers Traceguard on the client being configured, if the rule allows. */
  static void register(FeatureContext context, Supplier<Optional<TracingRuntime>> runtime) {
    Configuration configuration = context.getConfiguration();
    if (configuration.getRuntimeType() != RuntimeType.CLIENT
        || configuration.isRegistered(TraceguardFeature.class)
        || configuration.isRegistered(ClientTracingFilter.class)) {
      return;
    }
    try {
      runtime.get().ifPresent(existing -> context.register(new TraceguardFeature(existing)));
    } catch (RuntimeException | LinkageError e) {
      // A provider failing, say: the client works untraced, as it would without Traceguard.
      LOG_THROTTLE.log(logger, Level.FINE, "Traceguard could not register itself on a JAX-RS client; its calls are"
          + " not traced. Further failures are logged at most once a minute.", e);
    }
  }
}
