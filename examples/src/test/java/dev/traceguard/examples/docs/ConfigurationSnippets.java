package dev.traceguard.examples.docs;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.glassfish.jersey.server.ResourceConfig;

/** docs/configuration.md and docs/jaxrs.md. */
final class ConfigurationSnippets {
  private ConfigurationSnippets() {}

  @Path("/users")
  public static class UserResource {
    @GET
    public String list() {
      return "[]";
    }
  }

  static TracingConfig[] configs() {
    // snippet:config
    TracingConfig config = TracingConfig.production("https://collector.internal:4318")
        .toBuilder()
        .setServiceName("checkout")
        .setSamplingRatio(0.25)
        .build();

    // or from properties, over the defaults (or over any preset):
    TracingConfig loaded = TracingConfig.from(PropertySource.defaults());
    TracingConfig dev = TracingConfig.from(PropertySource.defaults(), TracingConfig.development());
    // end:config
    return new TracingConfig[] {config, loaded, dev};
  }

  static Client jersey() {
    // snippet:jaxrs
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.from(PropertySource.defaults())).start();
    ResourceConfig app = new ResourceConfig(UserResource.class).register(new TraceguardFeature(runtime));
    Client client = ClientBuilder.newClient().register(new TraceguardFeature(runtime));
    // end:jaxrs
    app.getClasses();
    return client;
  }
}
