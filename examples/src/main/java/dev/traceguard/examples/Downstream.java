package dev.traceguard.examples;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.Optional;
import java.util.function.Function;

/**
 * Calls another demo service through a traced JAX-RS client and turns its answers into values or exceptions: a
 * success into the entity, a problem+json answer into a {@link TraceguardException} with the same error code (so the
 * caller answers the same status and code), anything else into {@link DemoError#UPSTREAM_FAILED}. Thread-safe.
 */
final class Downstream {
  private static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

  private final String service;
  private final WebTarget base;

  /**
   * @param service the called service's name, for messages
   * @param base the service's root, on a client that has Traceguard's feature registered
   */
  Downstream(String service, WebTarget base) {
    this.service = service;
    this.base = base;
  }

  /** GETs {@code path} (with the given query customisation) and reads a {@code type}. */
  <T> T get(Function<WebTarget, WebTarget> target, Class<T> type) {
    return call(target.apply(base), Invocation.Builder::get, type);
  }

  /** POSTs {@code body} as JSON and reads a {@code type}. */
  <T> T post(String path, Object body, Class<T> type) {
    return call(base.path(path), request -> request.post(Entity.json(body)), type);
  }

  private <T> T call(WebTarget target, Function<Invocation.Builder, Response> method, Class<T> type) {
    Response response;
    try {
      response = method.apply(target.request(MediaType.APPLICATION_JSON_TYPE, PROBLEM));
    } catch (ProcessingException e) {
      throw new TraceguardException(DemoError.UPSTREAM_FAILED, "The " + service + " service is unreachable",
          "Calling " + target.getUri() + " failed: " + e.getMessage(), e);
    }
    try (response) {
      if (response.getStatusInfo().getFamily() == Response.Status.Family.SUCCESSFUL) {
        return response.readEntity(type);
      }
      String body = response.hasEntity() ? response.readEntity(String.class) : "";
      throw problem(body).orElseGet(() -> new TraceguardException(DemoError.UPSTREAM_FAILED,
          "The " + service + " service failed", "Calling " + target.getUri() + " answered " + response.getStatus()
              + ": " + body, null));
    }
  }

  /** The downstream error code carried by a problem+json body, when it is one of the demo's. */
  private Optional<TraceguardException> problem(String body) {
    JsonObject problem;
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      problem = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      return Optional.empty();
    }
    Optional<ErrorCode> code = DemoError.REGISTRY.find(
        problem.getString("error_domain", ""), problem.getInt("error_code", -1));
    return code.map(c -> new TraceguardException(c, problem.getString("detail", c.title()),
        "The " + service + " service answered " + c.domain() + "-" + c.code() + ": "
            + problem.getString("detail", ""), null));
  }
}
