package dev.traceguard.all.sample.withspan;

import dev.traceguard.cdi.ContextPropagation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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

  /**
   * Answers the span id {@link CheckoutSteps#reserve()} saw when run, 10 ms later, on a plain scheduled executor
   * wrapped by {@link ContextPropagation}.
   */
  @GET
  @Path("/scheduled")
  @Produces(MediaType.TEXT_PLAIN)
  public String reserveLater() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      return ContextPropagation.wrap(executor).schedule(steps::reserve, 10, TimeUnit.MILLISECONDS)
          .get(10, TimeUnit.SECONDS);
    } finally {
      executor.shutdownNow();
    }
  }
}
