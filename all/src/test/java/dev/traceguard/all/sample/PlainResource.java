package dev.traceguard.all.sample;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Routes on a resource class with no bean-defining annotation (the WAR's {@code beans.xml} discovers annotated
 * classes only): {@code GET /api/plain/{id}/later}, answered 100 ms after its method returned, from another thread,
 * and {@code GET /api/plain/{id}/refused}, failing with the application's own exception, which its own mapper
 * answers.
 */
@Path("/plain")
public class PlainResource {
  /** Answers {@code plain <id> later} once the method has returned. */
  @GET
  @Path("/{id}/later")
  @Produces(MediaType.TEXT_PLAIN)
  public CompletionStage<String> later(@PathParam("id") long id) {
    return CompletableFuture.supplyAsync(() -> "plain " + id + " later",
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
  }

  /** Fails with {@link PaymentRefused}, the message holding the e-mail address. */
  @GET
  @Path("/{id}/refused")
  @Produces(MediaType.TEXT_PLAIN)
  public String refuse(@PathParam("id") long id, @jakarta.ws.rs.QueryParam("email") String email) {
    throw new PaymentRefused("order " + id + ": the card of " + email + " was refused");
  }
}
