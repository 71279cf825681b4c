package dev.traceguard.cdi;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.context.Context;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries the current trace into tasks run by an executor, so that spans started in a task are children of the
 * span that was current where the task was submitted.
 *
 * <p>A thread pool, a Jakarta Concurrency {@code ManagedExecutorService} or the executor of a CDI asynchronous event
 * does not carry OpenTelemetry's context by itself: a task starts with no current span, and its spans begin new
 * traces. Wrap the executor once and submit to the wrapper:
 *
 * <pre>{@code
 * @Resource ManagedExecutorService managed;
 * ExecutorService executor = ContextPropagation.wrap(managed);
 * executor.submit(() -> orders.ship(id));          // the @Traced ship() span is a child of the caller's span
 * event.fireAsync(new OrderPlaced(id), NotificationOptions.ofExecutor(ContextPropagation.wrap(managed)));
 * }</pre>
 *
 * <p>The context is captured when a task is submitted, not when the executor is wrapped, and is current only while
 * the task runs. The wrappers are OpenTelemetry's own ({@link Context#taskWrapping(ExecutorService)}; for a
 * scheduled executor on an OpenTelemetry API older than 1.43, one of Traceguard's that wraps each task the same way):
 * they add no thread and no queue, never block beyond the wrapped executor, and are as thread-safe as the executor
 * they wrap.
 * Shutting a wrapper down shuts the wrapped executor down (which a managed executor refuses, as it should).
 */
public final class ContextPropagation {
  private ContextPropagation() {}

  /**
   * Returns an executor that runs each task with the context current at submission.
   *
   * @param executor the executor that runs the tasks; not null
   * @return a wrapper over {@code executor}
   * @throws NullPointerException if {@code executor} is null
   */
  public static Executor wrap(Executor executor) {
    return Context.taskWrapping(requireNonNull(executor, "executor"));
  }

  /**
   * Returns an executor service that runs each task (also those of {@code invokeAll} and {@code invokeAny}) with the
   * context current at submission; its life-cycle methods act on {@code executor}.
   *
   * @param executor the executor service that runs the tasks; not null
   * @return a wrapper over {@code executor}
   * @throws NullPointerException if {@code executor} is null
   */
  public static ExecutorService wrap(ExecutorService executor) {
    return Context.taskWrapping(requireNonNull(executor, "executor"));
  }

  /**
   * Returns a scheduled executor service that runs each task, delayed and periodic ones included, with the context
   * current when it was scheduled; its life-cycle methods act on {@code executor}.
   *
   * @param executor the scheduled executor service that runs the tasks; not null
   * @return a wrapper over {@code executor}
   * @throws NullPointerException if {@code executor} is null
   */
  public static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
    return wrap(executor, API_WRAPS_SCHEDULED);
  }

  /** {@link #wrap(ScheduledExecutorService)}, by the API's wrapper when {@code apiWrapsScheduled}, else by ours. */
  static ScheduledExecutorService wrap(ScheduledExecutorService executor, boolean apiWrapsScheduled) {
    requireNonNull(executor, "executor");
    return apiWrapsScheduled ? Context.taskWrapping(executor) : new ContextScheduledExecutor(executor);
  }

  // OpenTelemetry's API wraps a scheduled executor from 1.43 on; a server's older one (Payara's 1.29, under
  // traceguard-all-mp) would throw NoSuchMethodError.
  private static final boolean API_WRAPS_SCHEDULED = apiWrapsScheduled();

  private static boolean apiWrapsScheduled() {
    try {
      Context.class.getMethod("taskWrapping", ScheduledExecutorService.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /**
   * A scheduled executor carrying the context of each task's submission into it, for an API older than 1.43. Why
   * ours: those APIs wrap only a plain {@link ExecutorService} ({@link Context#taskWrapping(ExecutorService)}, used
   * here for every method but scheduling).
   */
  private static final class ContextScheduledExecutor implements ScheduledExecutorService {
    private final ScheduledExecutorService scheduled;
    private final ExecutorService submitting;

    ContextScheduledExecutor(ScheduledExecutorService scheduled) {
      this.scheduled = scheduled;
      this.submitting = Context.taskWrapping((ExecutorService) scheduled);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return scheduled.schedule(Context.current().wrap(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      return scheduled.schedule(Context.current().wrap(callable), delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      return scheduled.scheduleAtFixedRate(Context.current().wrap(command), initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
        TimeUnit unit) {
      return scheduled.scheduleWithFixedDelay(Context.current().wrap(command), initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
      submitting.execute(command);
    }

    @Override
    public Future<?> submit(Runnable task) {
      return submitting.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
      return submitting.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
      return submitting.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
      return submitting.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException {
      return submitting.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
      return submitting.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return submitting.invokeAny(tasks, timeout, unit);
    }

    @Override
    public void shutdown() {
      scheduled.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return scheduled.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return scheduled.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return scheduled.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return scheduled.awaitTermination(timeout, unit);
    }
  }
}
