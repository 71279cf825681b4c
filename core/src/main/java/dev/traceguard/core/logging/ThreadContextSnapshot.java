package dev.traceguard.core.logging;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The trace context and the SLF4J MDC entries of one thread, captured to be made current on another: what a
 * container's thread pool needs to run a task as if on the thread that submitted it.
 *
 * <p>{@link #capture()} copies the current {@link Context} and, when SLF4J is present, the whole MDC (Traceguard's
 * {@value TraceContextMdc#TRACE_ID} and {@value TraceContextMdc#SPAN_ID} as well as the application's own entries).
 * {@link #begin()} makes both current on the calling thread and returns the scope that puts back what that thread
 * had; it may be called any number of times, on any threads, each scope closed on the thread that opened it. {@link
 * #cleared()} is the empty snapshot: no span, no MDC entries, for work that must not inherit the pool thread's.
 *
 * <p>Immutable and thread-safe. Never throws because of the MDC: a failing adapter costs the log entries, not the
 * task.
 */
public final class ThreadContextSnapshot {
  private static final ThreadContextSnapshot CLEARED = new ThreadContextSnapshot(Context.root(), Map.of());

  private final Context context;
  private final @Nullable Map<String, String> mdc;

  private ThreadContextSnapshot(Context context, @Nullable Map<String, String> mdc) {
    this.context = context;
    this.mdc = mdc;
  }

  /**
   * Captures the calling thread's current context and MDC entries.
   *
   * @return a snapshot of them, never null
   */
  public static ThreadContextSnapshot capture() {
    return new ThreadContextSnapshot(Context.current(), TraceContextMdc.isAvailable() ? Slf4jMdc.copy() : null);
  }

  /**
   * Returns the snapshot of a thread with no current span and an empty MDC.
   *
   * @return the shared empty snapshot, never null
   */
  public static ThreadContextSnapshot cleared() {
    return CLEARED;
  }

  /**
   * Makes the captured context and MDC entries current on the calling thread.
   *
   * @return the scope that restores the thread's previous context and MDC entries; close it on this thread
   */
  public Scope begin() {
    Scope scope = context.makeCurrent();
    return TraceContextMdc.isAvailable() ? Slf4jMdc.replace(mdc, scope) : scope;
  }
}
