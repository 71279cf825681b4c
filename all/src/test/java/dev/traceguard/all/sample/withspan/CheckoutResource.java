package dev.traceguard.all.sample.withspan;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The route of {@link CheckoutSteps}: answers the id of the {@code @WithSpan} span. */
@Path("/checkout")
public class CheckoutResource {
  @Inject CheckoutSteps steps;

  /** Answers the span id {@link CheckoutSteps#reserve()} saw. */
  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String reserve() {
    return steps.reserve();
  }
}
