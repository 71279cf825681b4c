package dev.traceguard.examples;

import dev.traceguard.api.TraceguardException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /test} on the gateway: the service contract of the W3C Trace Context test harness. The body is a JSON
 * array of {@code {"url": ..., "arguments": [...]}}; each element, in order, becomes a POST of its {@code arguments}
 * as JSON to its {@code url} through the traced client, so the request's context travels on.
 *
 * <p>Only http URLs on this machine's loopback addresses are called, so the endpoint is no relay to elsewhere even
 * when the demo listens on other interfaces ({@code demo.host}).
 */
@Path("/test")
public final class TraceContextTestResource {
  private final Client client;

  TraceContextTestResource(Client client) {
    this.client = client;
  }

  /**
   * Makes the calls and answers {@code {"calls": n}} once all are done.
   *
   * @throws TraceguardException {@link DemoError#HARNESS_TARGET_REFUSED} for a malformed item or a URL not on
   *     loopback, before any call is made
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public JsonObject test(@Nullable JsonArray items) {
    List<Call> calls = new ArrayList<>();
    for (JsonValue item : items == null ? JsonValue.EMPTY_JSON_ARRAY : items) {
      calls.add(Call.of(item));
    }
    for (Call call : calls) {
      try (Response response = client.target(call.url).request().post(Entity.json(call.arguments))) {
        // The harness checks what it received, not what it answers: the status is not ours to judge.
        response.getStatus();
      }
    }
    return Json.createObjectBuilder().add("calls", calls.size()).build();
  }

  /** One item of the body, checked before any call is made. */
  private static final class Call {
    final URI url;
    final JsonValue arguments;

    private Call(URI url, JsonValue arguments) {
      this.url = url;
      this.arguments = arguments;
    }

    static Call of(JsonValue item) {
      if (item.getValueType() != JsonValue.ValueType.OBJECT) {
        throw refused("Each item must be an object with a url and arguments");
      }
      JsonObject object = item.asJsonObject();
      JsonValue url = object.get("url");
      if (url == null || url.getValueType() != JsonValue.ValueType.STRING) {
        throw refused("Each item must have a url string");
      }
      URI uri = loopbackHttp(((jakarta.json.JsonString) url).getString());
      JsonValue arguments = object.getOrDefault("arguments", JsonValue.EMPTY_JSON_ARRAY);
      return new Call(uri, arguments);
    }

    private static URI loopbackHttp(String url) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw refused("Not a URL: " + url);
      }
      if (!"http".equalsIgnoreCase(uri.getScheme()) || !isLoopback(uri.getHost())) {
        throw refused("Only http URLs on this machine's loopback addresses are called, not " + url);
      }
      return uri;
    }

    private static boolean isLoopback(@Nullable String host) {
      if (host == null) {
        return false;
      }
      if (host.equalsIgnoreCase("localhost")) {
        return true;
      }
      String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      // Only IP literals are resolved here, so no name lookup can be made to say "loopback" for another machine.
      if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
        return false;
      }
      try {
        return InetAddress.getByName(literal).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }

    private static TraceguardException refused(String message) {
      return new TraceguardException(DemoError.HARNESS_TARGET_REFUSED, message);
    }
  }
}
