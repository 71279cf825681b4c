package dev.traceguard.all.sample;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/orders/{id}?email=...}: a CDI bean, so the call into {@link OrderService} is intercepted. */
@Path("/orders")
@RequestScoped
public class OrderResource {
  @Inject OrderService orders;

  /** Answers the order's description, or a problem+json 404 for an unknown id. */
  @GET
  @Path("/{id}")
  @Produces(MediaType.TEXT_PLAIN)
  public String find(@PathParam("id") long id, @QueryParam("email") String email) {
    return orders.describe(id, email);
  }
}
