package dev.traceguard.cdi;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.context.Context;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

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
 * the task runs. The wrappers are OpenTelemetry's own ({@link Context#taskWrapping(ExecutorService)}): they add no
 * thread and no queue, never block beyond the wrapped executor, and are as thread-safe as the executor they wrap.
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
    return Context.taskWrapping(requireNonNull(executor, "executor"));
  }
}
