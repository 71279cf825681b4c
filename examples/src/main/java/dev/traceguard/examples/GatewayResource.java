package dev.traceguard.examples;

import dev.traceguard.examples.Messages.Checkout;
import dev.traceguard.examples.Messages.Payment;
import dev.traceguard.examples.Messages.User;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import org.jspecify.annotations.Nullable;

/**
 * The API gateway's public endpoints, under {@code /api}. Each calls the user or payment service through a traced
 * client, so one trace spans the services; an error a service answers is answered again with the same code.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public final class GatewayResource {
  private final Downstream users;
  private final Downstream payments;

  GatewayResource(Downstream users, Downstream payments) {
    this.users = users;
    this.payments = payments;
  }

  /** {@code GET /api/users/{id}}: the user service's user; 404 problem+json outside 1 to 999. */
  @GET
  @Path("/users/{id}")
  public User user(@PathParam("id") long id) {
    return users.get(target -> target.path("users").path(Long.toString(id)), User.class);
  }

  /** {@code GET /api/users/search?email=}: always 404 problem+json, the address masked on the spans. */
  @GET
  @Path("/users/search")
  public User search(@QueryParam("email") @Nullable String email) {
    return users.get(target -> {
      WebTarget search = target.path("users").path("search");
      return email == null ? search : search.queryParam("email", email);
    }, User.class);
  }

  /**
   * {@code POST /api/checkout}: checks the user with the user service, then charges with the payment service. 400 for
   * an incomplete request, 404 for an unknown user, 402 above the payment limit.
   */
  @POST
  @Path("/checkout")
  @Consumes(MediaType.APPLICATION_JSON)
  public Payment checkout(@Nullable Checkout checkout) {
    Checkout valid = Checkout.validated(checkout);
    user(valid.userId);
    return payments.post("payments", valid, Payment.class);
  }

  /** {@code GET /api/boom}: an unexpected failure, whose message holds an e-mail address; 500 problem+json. */
  @GET
  @Path("/boom")
  public String boom() {
    throw new IllegalStateException("Session store lost the cart of alice.smith@example.com");
  }
}
