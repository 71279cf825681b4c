package dev.traceguard.jaxrs.internal;

import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Optional;
import java.util.function.Supplier;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;

/**
 * Registers Traceguard on every Jersey application and {@code Client} of the application, so that requests get SERVER
 * spans and calls get CLIENT spans with no code: Jersey applies auto-discoverables listed as services to each
 * application and client it configures (MicroProfile Rest Client's included, which Jersey builds on its client). On
 * a server this does not depend on Jersey finding {@link TraceguardFeature} by scanning, which only looks at the
 * application's own archive (not at a jar on a server's or an embedded container's class path) and can be off.
 *
 * <p>Only where a {@link dev.traceguard.core.spi.TracingRuntimeProvider} answers the application's runtime (the CDI
 * container's, with {@code traceguard-cdi}): an application or client configured where no application runtime is
 * known stays untraced rather than starting an exporter of its own, or sharing a runtime some other application of
 * the class loader started. One that registers {@link TraceguardFeature} itself (or that the server found by
 * scanning) keeps that one ({@link AutoRegistration}). Jersey's {@code jersey.config.disableAutoDiscovery} (or its
 * {@code .client.} and {@code .server.} forms) turns this off.
 *
 * <p>Public with a public no-argument constructor only because the service loader needs them; not an API.
 * Configuration time only, never per request; never throws.
 */
@Priority(AutoDiscoverable.DEFAULT_PRIORITY)
public final class JerseyAutoDiscoverable implements AutoDiscoverable {
  private final Supplier<Optional<TracingRuntime>> runtime;

  /** Created by Jersey's service look-up. */
  public JerseyAutoDiscoverable() {
    this(DefaultRuntime::provided);
  }

  JerseyAutoDiscoverable(Supplier<Optional<TracingRuntime>> runtime) {
    this.runtime = runtime;
  }

  @Override
  public void configure(FeatureContext context) {
    AutoRegistration.register(context, runtime);
  }
}
