package dev.traceguard.mptck;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The executor the tracing TCK's porting layer asks for ({@code telemetry.tck.executor} in
 * {@code META-INF/microprofile-telemetry-tck.properties}); {@code JaxRsServerAsyncTest}'s endpoint completes its
 * asynchronous responses on it. Plain daemon threads, as an application would get from an unmanaged executor: no
 * context is carried across, so the test sees what Traceguard itself propagates. Thread-safe; never blocks the caller.
 * Public with a public constructor because the TCK instantiates it by class name.
 */
public final class TckExecutor implements Executor {
  private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "mp-tck-executor");
    thread.setDaemon(true);
    return thread;
  });

  /** Creates a view of the one shared thread pool; cheap. */
  public TckExecutor() {
  }

  @Override
  public void execute(Runnable command) {
    THREADS.execute(command);
  }
}
