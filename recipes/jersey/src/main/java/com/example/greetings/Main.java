package com.example.greetings;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.jaxrs.TraceguardFeature;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

public final class Main {
  // No MicroProfile Config here: configure with system properties or environment variables, e.g.
  // java -Dotel.service.name=greetings -Dotel.traces.exporter=console com.example.greetings.Main
  public static void main(String[] args) {
    start(URI.create("http://127.0.0.1:8080/"));
  }

  static HttpServer start(URI address) {
    ResourceConfig application = new ResourceConfig(GreetingResource.class)
        .register(new TraceguardFeature());          // builds its runtime from the configuration, stops with the app
    return GrizzlyHttpServerFactory.createHttpServer(address, application);
  }

  @Path("/greetings")
  public static class GreetingResource {
    @GET @Path("/{name}")
    public String greet(@PathParam("name") String name) {
      if (name.length() > 20) {
        throw new TraceguardException(GreetingError.TOO_LONG, "A name of " + name.length() + " characters");
      }
      return "Hello, " + name;
    }
  }

  enum GreetingError implements ErrorCode {
    TOO_LONG;
    @Override public int code() { return 1; }
    @Override public String domain() { return "GREET"; }
    @Override public int httpStatus() { return 400; }
    @Override public String title() { return "Name too long"; }
  }
}
