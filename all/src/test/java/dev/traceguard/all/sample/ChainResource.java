package dev.traceguard.all.sample;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /api/chain/{id}}: calls {@code GET /api/orders/{id}} of this same application through a plain {@code
 * ClientBuilder.newClient()}, with nothing registered on it, as application code does: Traceguard must trace and
 * propagate that call on its own, whatever the server's JAX-RS implementation.
 */
@Path("/chain")
public class ChainResource {
  @Context UriInfo uri;

  /** Answers what the callee answered: its status and body. */
  @GET
  @Path("/{id}")
  @Produces(MediaType.TEXT_PLAIN)
  public String chain(@PathParam("id") long id) {
    Client client = ClientBuilder.newClient();
    try (Response response = client.target(uri.getBaseUri()).path("orders").path(Long.toString(id)).request().get()) {
      return response.getStatus() + " " + response.readEntity(String.class);
    } finally {
      client.close();
    }
  }
}
