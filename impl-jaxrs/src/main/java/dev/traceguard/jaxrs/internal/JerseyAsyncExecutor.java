package dev.traceguard.jaxrs.internal;

import io.opentelemetry.context.Context;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.client.ClientAsyncExecutor;
import org.glassfish.jersey.spi.ExecutorServiceProvider;

/**
 * The executor of a Jersey client's asynchronous calls ({@code .async().get()}, MicroProfile Rest Client methods
 * returning a {@code CompletionStage}), with the caller's context carried to it: Jersey runs such a call's filters
 * on this executor, where, without it, the caller's span and baggage are not current, and the CLIENT span would
 * start a new trace and send no baggage. Each task runs in the context current where Jersey submitted it, on the
 * calling thread ({@link Context#taskWrapping}).
 *
 * <p>Registered on a Jersey client only when the client has no asynchronous executor of its own; threads are
 * daemons named {@code traceguard-jersey-async-N}, created as needed and reused, and the executor is shut down when
 * Jersey disposes of it with the client. Thread-safe.
 */
@ClientAsyncExecutor
public final class JerseyAsyncExecutor implements ExecutorServiceProvider {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ThreadFactory DAEMONS = task -> {
    Thread thread = new Thread(task, "traceguard-jersey-async-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  };

  @Override
  public ExecutorService getExecutorService() {
    return Context.taskWrapping(Executors.newCachedThreadPool(DAEMONS));
  }

  @Override
  public void dispose(ExecutorService executorService) {
    executorService.shutdown();
  }
}
