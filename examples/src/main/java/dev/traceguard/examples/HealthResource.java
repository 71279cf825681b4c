package dev.traceguard.examples;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /health} on every service: 200 while it runs. Never traced (Traceguard's default skip pattern). */
@Path("/health")
public final class HealthResource {
  /** Created by Jersey. */
  public HealthResource() {}

  /** Answers {@code {"status":"UP"}}. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, String> health() {
    return Map.of("status", "UP");
  }
}
