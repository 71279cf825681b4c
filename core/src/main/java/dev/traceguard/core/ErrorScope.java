package dev.traceguard.core;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Marks an entry point (an HTTP request, an outermost {@code @Traced} call) in the {@link Context}, and collects the
 * exceptions recorded inside it, so that each is counted in {@code traceguard.errors} exactly once, at the entry
 * point's end, with what only the entry point knows (the route and status of a request).
 *
 * <p>The rule: every distinct recorded exception counts once. The same instance recorded on several spans (it
 * propagated through nested {@code @Traced} calls up to the request) is one; an exception whose cause chain holds
 * one already noted replaces it (one failure, counted in its outermost form, the one that carries the error code),
 * and one already in a noted exception's cause chain adds nothing. An exception recorded and then recovered from
 * still counts, with the status the entry point answered.
 *
 * <p>An integration that starts an entry point stores a new scope in the context it makes current, and {@linkplain
 * #end ends} it when the entry point ends; the runtime's exception tracer {@linkplain #note notes} in it what is
 * recorded inside. At most {@value #MAX_NOTED} distinct exceptions are held, so that a loop recording errors cannot
 * grow a scope: {@link #note} refuses more, and refuses any after the end, and the caller counts those itself,
 * without route or status, each time they are recorded. Thread-safe: exceptions may be noted from any thread (an
 * asynchronous completion) and the scope ended on another.
 */
public final class ErrorScope {
  /** The most distinct exceptions a scope holds for its entry point: {@value}. */
  public static final int MAX_NOTED = 16;

  private static final ContextKey<ErrorScope> KEY = ContextKey.named("dev.traceguard.error-scope");
  // A cause chain is followed this far at most: a cycle, or a pathological depth, ends the walk.
  private static final int MAX_CAUSE_DEPTH = 64;

  private volatile @Nullable Throwable failure;
  // Guarded by this; allocated on the first note, so a scope that sees no error holds no list.
  private @Nullable List<Throwable> noted;
  private boolean ended;

  private ErrorScope() {}

  /** Returns a new scope with nothing noted. */
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

  /**
   * Notes the throwable the entry point failed with, for an integration that learns of it on a path that cannot
   * reach the entry point directly, such as an exception mapper; the first one noted wins, later calls do nothing.
   * It does not count the throwable: only {@link #note} does.
   */
  public void fail(Throwable error) {
    if (failure == null) {
      failure = error;
    }
  }

  /** Returns the failure noted with {@link #fail(Throwable)}, or null. */
  public @Nullable Throwable failure() {
    return failure;
  }

  /**
   * Notes a recorded exception, to be counted once when this scope {@linkplain #end ends}. Noting the same instance
   * again, or an exception already in the cause chain of one noted, changes nothing; an exception whose cause chain
   * holds noted ones replaces them. Never throws; does not block beyond a short lock.
   *
   * @param error the exception as recorded
   * @return true if this scope counts it (or already did), false if it ended or already holds {@value #MAX_NOTED}
   *     distinct exceptions: the caller must count it
   */
  public boolean note(Throwable error) {
    synchronized (this) {
      if (ended) {
        return false;
      }
      List<Throwable> held = noted;
      if (held == null) {
        held = new ArrayList<>(2);
        noted = held;
      }
      boolean replaced = false;
      for (int i = held.size() - 1; i >= 0; i--) {
        Throwable known = held.get(i);
        if (known == error || causes(known, error)) {
          return true;
        }
        if (causes(error, known)) {
          held.remove(i);
          replaced = true;
        }
      }
      if (!replaced && held.size() >= MAX_NOTED) {
        return false;
      }
      held.add(error);
      return true;
    }
  }

  /**
   * Ends the entry point: counts every distinct exception noted in {@value TraceguardMetrics#ERRORS}, once each,
   * with {@code route} and {@code httpStatus}; later {@link #note} calls return false. Ending twice counts nothing
   * the second time. Never throws.
   *
   * @param metrics the instruments to count in
   * @param context the context whose span is the entry point's, for the exemplar
   * @param route the request's route template, or null when none matched or it is not a request
   * @param httpStatus the answered status, or {@link TraceguardMetrics#NO_HTTP_STATUS}
   * @return how many exceptions were counted
   */
  public int end(TraceguardMetrics metrics, Context context, @Nullable String route, int httpStatus) {
    List<Throwable> held;
    synchronized (this) {
      if (ended) {
        return 0;
      }
      ended = true;
      held = noted;
      noted = null;
    }
    if (held == null) {
      return 0;
    }
    for (Throwable error : held) {
      metrics.countError(context, error, route, httpStatus);
    }
    return held.size();
  }

  /** Whether {@code cause} is in {@code error}'s cause chain (not {@code error} itself). */
  private static boolean causes(Throwable error, Throwable cause) {
    try {
      Throwable current = error.getCause();
      for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
        if (current == cause) {
          return true;
        }
        current = current.getCause();
      }
    } catch (RuntimeException e) {
      // A getCause() that throws: the chain is unknown past it, so the two are counted apart.
    }
    return false;
  }
}
