package dev.traceguard.cdi.internal;

import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.spi.TracingRuntimeProvider;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers the runtime of the running CDI container to the integrations that do not own one (a {@code
 * TraceguardFeature} created without a runtime), so that an application with CDI and JAX-RS has exactly one
 * runtime: the one the {@link TraceguardExtension} starts and stops.
 *
 * <p>Empty when there is no CDI at all (the jar may sit on a class path without a container), when no container is
 * running for the caller, or when the container has no Traceguard runtime (the extension is not part of it). Never
 * throws. Thread-safe and stateless: the container is looked up on every call, which happens once per configured
 * JAX-RS application or client, never per request.
 *
 * <p>Public with a public no-argument constructor only because the service loader needs them; not an API.
 */
public final class CdiTracingRuntimeProvider implements TracingRuntimeProvider {
  private static final Logger logger = Logger.getLogger(CdiTracingRuntimeProvider.class.getName());

  /** Creates the provider; the service loader does. */
  public CdiTracingRuntimeProvider() {}

  @Override
  public Optional<TracingRuntime> runtime() {
    try {
      return ContainerLookup.runtime();
    } catch (LinkageError e) {
      // NoClassDefFoundError: the CDI API is not on this class path, so there is no container to ask.
      logger.log(Level.FINE, "No CDI API visible; no CDI-owned Traceguard runtime", e);
      return Optional.empty();
    }
  }

  /** Touches CDI's types, kept apart so that loading the provider itself never needs them. */
  private static final class ContainerLookup {
    private ContainerLookup() {}

    static Optional<TracingRuntime> runtime() {
      // Elsewhere Traceguard injects and never calls CDI.current(). This is the one bridge: JAX-RS is configured
      // outside the container, and this runs at that configuration time only, once per application, never per
      // request.
      CDI<Object> container;
      try {
        container = CDI.current();
      } catch (RuntimeException e) {
        // IllegalStateException: no container is running, or none can be told to be the caller's.
        logger.log(Level.FINE, "No running CDI container; no CDI-owned Traceguard runtime", e);
        return Optional.empty();
      }
      try {
        Instance<TracingRuntime> runtime = container.select(TracingRuntime.class);
        return runtime.isResolvable() ? Optional.of(runtime.get()) : Optional.empty();
      } catch (RuntimeException e) {
        // A container that is there but cannot give its runtime (asked before its deployment was validated, or
        // already shutting down): the caller falls back to a runtime of its own, which deserves to be seen.
        logger.log(Level.WARNING, "The running CDI container could not give Traceguard's runtime; the caller uses"
            + " its own runtime instead", e);
        return Optional.empty();
      }
    }
  }
}
