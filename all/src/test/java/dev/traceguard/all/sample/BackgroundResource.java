package dev.traceguard.all.sample;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ContextServiceDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/background/{id}} hands work to the server's default managed executor, to a contextual supplier of
 * its default context service and to an {@code @Asynchronous} method, waiting for each, as application code does
 * with no Traceguard call of its own; {@code GET /api/background/{id}/defined} does the same with an executor and a
 * context service the application defines, which propagate every context type (Jakarta Concurrency's default for a
 * definition), Traceguard's included.
 */
@Path("/background")
@RequestScoped
// snippet:definitions
@ContextServiceDefinition(name = BackgroundResource.DEFINED_CONTEXT)
@ManagedExecutorDefinition(name = BackgroundResource.DEFINED_EXECUTOR, context = BackgroundResource.DEFINED_CONTEXT)
// end:definitions
public class BackgroundResource {
  /** The context service the application defines. */
  public static final String DEFINED_CONTEXT = "java:app/concurrent/TracedContext";

  /** The managed executor the application defines. */
  public static final String DEFINED_EXECUTOR = "java:app/concurrent/TracedExecutor";

  private static final long WAIT_SECONDS = 10;

  @Resource ManagedExecutorService executor;
  @Resource ContextService contextService;
  @Resource(lookup = DEFINED_EXECUTOR) ManagedExecutorService definedExecutor;
  @Resource(lookup = DEFINED_CONTEXT) ContextService definedContextService;
  @Inject BackgroundWork work;

  /** Answers the three results of the server's defaults, space-separated. */
  @GET
  @Path("/{id}")
  @Produces(MediaType.TEXT_PLAIN)
  public String run(@PathParam("id") long id) throws Exception {
    return runOn(executor, contextService, work.viaAsynchronous(id), id);
  }

  /** Answers the three results of the application's definitions, space-separated. */
  @GET
  @Path("/{id}/defined")
  @Produces(MediaType.TEXT_PLAIN)
  public String runDefined(@PathParam("id") long id) throws Exception {
    return runOn(definedExecutor, definedContextService, work.viaDefinedAsynchronous(id), id);
  }

  private String runOn(ManagedExecutorService executor, ContextService context, CompletionStage<String> asynchronous,
      long id) throws Exception {
    String executed = executor.submit(() -> work.viaExecutor(id)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    String contextual = CompletableFuture.supplyAsync(context.contextualSupplier(() -> work.viaContextService(id)))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    return executed + " " + contextual + " " + asynchronous.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
