package dev.traceguard.core;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.jspecify.annotations.Nullable;

/**
 * Marks an entry point (an HTTP request, an outermost {@code @Traced} call) in the {@link Context}, so that an
 * error is counted in {@code traceguard.errors} once, where the operation it ended is known, rather than once per
 * span it passed through.
 *
 * <p>An integration that starts an entry point stores a new scope in the context it makes current; code running
 * inside finds it with {@link #from(Context)} and leaves counting to the entry point, which may note the failure
 * here ({@link #fail(Throwable)}) when it learns of it on a path that cannot reach the entry point directly, such as
 * an exception mapper. Thread-safe: the failure is published to whatever thread finishes the entry point.
 */
public final class ErrorScope {
  private static final ContextKey<ErrorScope> KEY = ContextKey.named("dev.traceguard.error-scope");

  private volatile @Nullable Throwable failure;

  private ErrorScope() {}

  /** Returns a new scope with no failure noted. */
  public static ErrorScope create() {
    return new ErrorScope();
  }

  /** Returns the innermost entry point's scope in {@code context}, or null outside any entry point. */
  public static @Nullable ErrorScope from(Context context) {
    return context.get(KEY);
  }

  /** Returns {@code context} with this scope as its innermost entry point. */
  public Context storeIn(Context context) {
    return context.with(KEY, this);
  }

  /** Notes the throwable the entry point failed with; the first one noted wins, later calls do nothing. */
  public void fail(Throwable error) {
    if (failure == null) {
      failure = error;
    }
  }

  /** Returns the failure noted with {@link #fail(Throwable)}, or null. */
  public @Nullable Throwable failure() {
    return failure;
  }
}
