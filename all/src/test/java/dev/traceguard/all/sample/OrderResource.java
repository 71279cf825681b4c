package dev.traceguard.all.sample;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/orders/{id}?email=...}: a CDI bean, so the call into {@link OrderService} is intercepted; also an
 * asynchronous route and one that fails with an unexpected exception.
 */
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

  /** As {@link #find}, answered later from another thread. */
  @GET
  @Path("/{id}/later")
  @Produces(MediaType.TEXT_PLAIN)
  public CompletionStage<String> findLater(@PathParam("id") long id) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        Thread.sleep(100); // the method returns first, so the response finishes on this other thread
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "order " + id + " later";
    });
  }

  /** Fails with the application's own exception, which its own mapper answers. */
  @GET
  @Path("/{id}/refused")
  @Produces(MediaType.TEXT_PLAIN)
  public String refuse(@PathParam("id") long id, @QueryParam("email") String email) {
    throw new PaymentRefused("order " + id + ": the card of " + email + " was refused");
  }

  /** Fails with an exception no mapper of the application knows, its message holding the e-mail address. */
  @GET
  @Path("/{id}/fail")
  @Produces(MediaType.TEXT_PLAIN)
  public String fail(@PathParam("id") long id, @QueryParam("email") String email) {
    throw new IllegalStateException("order " + id + ": the payment backend refused " + email);
  }
}
