package dev.traceguard.jaxrs.internal;

import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Optional;
import java.util.function.Supplier;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;

/**
 * Registers Traceguard on every Jersey {@code Client} the application builds, so that its calls get CLIENT spans and
 * carry the trace context with no code: Jersey applies auto-discoverables listed as services to each client it
 * configures (including MicroProfile Rest Client's, which Jersey builds on its client).
 *
 * <p>Only where a {@link dev.traceguard.core.spi.TracingRuntimeProvider} answers the application's runtime (the CDI
 * container's, with {@code traceguard-cdi}): a client built where no application runtime is known stays untraced
 * rather than starting an exporter of its own, or sharing a runtime some other application of the class loader
 * started. A client that registers {@link TraceguardFeature} itself keeps that one. Jersey's
 * {@code jersey.config.disableAutoDiscovery} (or {@code jersey.config.client.disableAutoDiscovery}) turns this off.
 *
 * <p>Public with a public no-argument constructor only because the service loader needs them; not an API.
 * Configuration time only, never per request; never throws.
 */
@ConstrainedTo(RuntimeType.CLIENT)
@Priority(AutoDiscoverable.DEFAULT_PRIORITY)
public final class JerseyClientAutoDiscoverable implements AutoDiscoverable {
  private final Supplier<Optional<TracingRuntime>> runtime;

  /** Created by Jersey's service look-up. */
  public JerseyClientAutoDiscoverable() {
    this(DefaultRuntime::provided);
  }

  JerseyClientAutoDiscoverable(Supplier<Optional<TracingRuntime>> runtime) {
    this.runtime = runtime;
  }

  @Override
  public void configure(FeatureContext context) {
    ClientRegistration.register(context, runtime);
  }
}
