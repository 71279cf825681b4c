package dev.traceguard.all.sample.restclient;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The sample's own {@code GET /api/orders/{id}}, as a MicroProfile Rest Client interface. No {@code @Path} on the
 * interface: Jersey would take it for a root resource of the WAR, ambiguous with {@code OrderResource}.
 */
public interface OrdersApi {
  /** The order's description. */
  @GET
  @Path("/orders/{id}")
  @Produces(MediaType.TEXT_PLAIN)
  String find(@PathParam("id") long id);
}
