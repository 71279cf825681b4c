package dev.traceguard.jaxrs.internal;

import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Registers Traceguard on every client of a JAX-RS implementation that applies the providers listed in {@code
 * META-INF/services/jakarta.ws.rs.ext.Providers} to its clients, as RESTEasy does (WildFly, Open Liberty), so that
 * a plain {@code ClientBuilder.newClient()} gets CLIENT spans and carries the trace context with no code, as on
 * Jersey ({@link JerseyAutoDiscoverable}). The same rule applies ({@link AutoRegistration}): only with the
 * application's runtime, never twice. Constrained to clients, so a server that reads the same file ignores it.
 *
 * <p>Public with a public no-argument constructor only because the implementations instantiate it; not an API.
 */
@ConstrainedTo(RuntimeType.CLIENT)
public final class ClientAutoFeature implements Feature {
  private final Supplier<Optional<TracingRuntime>> runtime;

  /** Created by the JAX-RS implementation. */
  public ClientAutoFeature() {
    this(DefaultRuntime::provided);
  }

  ClientAutoFeature(Supplier<Optional<TracingRuntime>> runtime) {
    this.runtime = runtime;
  }

  /** Registers Traceguard when the rule allows; returns whether this client is now traced by it. */
  @Override
  public boolean configure(FeatureContext context) {
    if (context.getConfiguration().getRuntimeType() != RuntimeType.CLIENT) {
      return false;
    }
    AutoRegistration.register(context, runtime);
    return context.getConfiguration().isRegistered(TraceguardFeature.class);
  }
}
