package dev.traceguard.core.spi;

import dev.traceguard.core.TracingRuntime;
import java.util.Optional;

/**
 * Knows the {@link TracingRuntime} of the application the calling thread belongs to, for integrations that do not
 * own a runtime themselves.
 *
 * <p>Found with {@link java.util.ServiceLoader}: an implementation is registered in {@code
 * META-INF/services/dev.traceguard.core.spi.TracingRuntimeProvider} and has a public no-argument constructor. The
 * CDI integration registers one that answers the runtime of the running CDI container; the JAX-RS feature, when it
 * is not given a runtime, asks every provider and takes the first answer, so an application that has both gets
 * exactly one runtime, owned by the container.
 *
 * <p>Called at configuration time (when a JAX-RS application or client is configured), never per request, so an
 * implementation may look the runtime up rather than keep it. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TracingRuntimeProvider {

  /**
   * Returns the runtime of the application the calling thread belongs to, if this provider knows one.
   *
   * <p>Must not throw: a provider that cannot tell (its container is absent, not running, or not the caller's)
   * answers empty, and the caller goes on to the next provider or to its own runtime. May block briefly for a
   * look-up in a container, never on the network. The runtime answered is owned by the provider's side (started
   * and shut down by it); the caller must not shut it down.
   *
   * @return the calling application's runtime, or empty when this provider knows none
   */
  Optional<TracingRuntime> runtime();
}
