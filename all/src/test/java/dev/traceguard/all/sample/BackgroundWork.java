package dev.traceguard.all.sample;

import dev.traceguard.api.Traced;
import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/**
 * Work the sample runs on the server's own threads, each method a {@code @Traced} span: its parent shows whether the
 * request's trace reached the thread through Jakarta Concurrency, with no wrapping by the application.
 */
@ApplicationScoped
@Traced
public class BackgroundWork {
  /** Run as a task of a managed executor. */
  public String viaExecutor(long id) {
    return "executor " + id;
  }

  /** Run through a contextual supplier of a context service, on a thread of the common pool. */
  public String viaContextService(long id) {
    return "context-service " + id;
  }

  /** Run on a thread of the default managed executor by the container's asynchronous-method interceptor. */
  @Asynchronous
  public CompletableFuture<String> viaAsynchronous(long id) {
    return Asynchronous.Result.complete("asynchronous " + id);
  }

  /** As {@link #viaAsynchronous}, on the executor the application defines. */
  @Asynchronous(executor = BackgroundResource.DEFINED_EXECUTOR)
  public CompletableFuture<String> viaDefinedAsynchronous(long id) {
    return Asynchronous.Result.complete("asynchronous " + id);
  }
}
