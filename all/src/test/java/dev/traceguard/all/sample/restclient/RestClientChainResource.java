package dev.traceguard.all.sample.restclient;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * {@code GET /api/rest-chain/{id}}: calls {@code GET /api/orders/{id}} of this same application through a
 * MicroProfile Rest Client the application builds, with nothing registered on it. Only in the WARs of servers that
 * have the Rest Client API.
 */
@Path("/rest-chain")
public class RestClientChainResource {
  @Context UriInfo uri;

  /** Answers what the callee answered. */
  @GET
  @Path("/{id}")
  @Produces(MediaType.TEXT_PLAIN)
  public String chain(@PathParam("id") long id) throws Exception {
    OrdersApi orders = RestClientBuilder.newBuilder().baseUri(uri.getBaseUri()).build(OrdersApi.class);
    try {
      return "rest client: " + orders.find(id);
    } finally {
      if (orders instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
