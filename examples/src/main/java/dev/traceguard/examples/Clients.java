package dev.traceguard.examples;

import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.util.concurrent.TimeUnit;

/** The JAX-RS clients the services call each other with. */
final class Clients {
  private Clients() {}

  /**
   * A client traced by {@code runtime}: a CLIENT span per call, W3C context injected. Bounded timeouts, so a stuck
   * service fails the call instead of holding a request thread.
   */
  static Client traced(TracingRuntime runtime) {
    return ClientBuilder.newBuilder()
        .connectTimeout(2, TimeUnit.SECONDS)
        .readTimeout(10, TimeUnit.SECONDS)
        .register(new TraceguardFeature(runtime))
        .build();
  }
}
