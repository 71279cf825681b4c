package dev.traceguard.core;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Marks an entry point (an HTTP request, an outermost {@code @Traced} call) in the {@link Context}, and holds the
 * failures recorded inside it until it ends, when the {@link ErrorRecorder} counts each once in {@code
 * traceguard.errors} and hands each once to the error listeners, with what only the entry point knows (the route and
 * status of a request).
 *
 * <p>An integration that starts an entry point stores a new scope in the context it makes current and has the
 * runtime's {@link ErrorRecorder} {@linkplain ErrorRecorder#end end} it when the entry point ends; the recorder
 * notes in it what is recorded inside. Which failures are distinct is the recorder's rule ({@link ErrorRecorder}).
 * At most {@value #MAX_NOTED} distinct failures are held, so that a loop recording errors cannot grow a scope; the
 * recorder counts and reports any beyond that, or any recorded after the end, at once. Thread-safe: failures may be
 * noted from any thread (an asynchronous completion) and the scope ended on another.
 */
public final class ErrorScope {
  /** The most distinct failures a scope holds for its entry point: {@value}. */
  public static final int MAX_NOTED = 16;

  private static final ContextKey<ErrorScope> KEY = ContextKey.named("dev.traceguard.error-scope");

  private volatile @Nullable Throwable failure;
  // Guarded by this; allocated on the first note, so a scope that sees no error holds no list.
  private @Nullable List<Noted> noted;
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
   * It neither records, counts nor reports the throwable: the {@link ErrorRecorder} does.
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
   * Holds {@code error}, recorded on the span of {@code recordedOn}, unless the recorder's rule finds it already
   * held: the same instance, or one in the cause chain of a held failure. A failure whose cause chain holds held
   * ones replaces them, with its own span.
   *
   * @return true if held (or already), false if the scope ended or is full: the caller then counts it itself
   */
  boolean note(Throwable error, SpanContext recordedOn) {
    synchronized (this) {
      if (ended) {
        return false;
      }
      List<Noted> held = noted;
      if (held == null) {
        held = new ArrayList<>(2);
        noted = held;
      }
      boolean replaced = false;
      for (int i = held.size() - 1; i >= 0; i--) {
        Throwable known = held.get(i).error;
        if (ErrorRecorder.isPartOf(error, known)) {
          return true;
        }
        if (ErrorRecorder.isPartOf(known, error)) {
          held.remove(i);
          replaced = true;
        }
      }
      if (!replaced && held.size() >= MAX_NOTED) {
        return false;
      }
      held.add(new Noted(error, recordedOn));
      return true;
    }
  }

  /** Ends the scope and returns what it holds, or null when it held nothing or had ended already. */
  @Nullable List<Noted> end() {
    synchronized (this) {
      if (ended) {
        return null;
      }
      ended = true;
      List<Noted> held = noted;
      noted = null;
      return held;
    }
  }

  /** A failure held, with the span it was (in its outermost form) first recorded on. */
  static final class Noted {
    final Throwable error;
    final SpanContext recordedOn;

    Noted(Throwable error, SpanContext recordedOn) {
      this.error = error;
      this.recordedOn = recordedOn;
    }
  }
}
