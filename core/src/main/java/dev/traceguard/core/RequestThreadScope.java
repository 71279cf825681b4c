package dev.traceguard.core;

import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The scope a server integration opened on the current thread for the request that thread is handling, so that
 * whichever integration first learns that the request's resource method has returned can close it there.
 *
 * <p>Why a slot of its own: a scope may only be closed on the thread that opened it, and an asynchronous resource
 * method returns on the request thread while its response finishes on another, where the response filter cannot close
 * it. What tells the request thread that the method returned differs by implementation: Jersey's request events, or
 * the CDI interceptor around a resource method of a CDI bean (RESTEasy, Open Liberty). Both live in modules that
 * cannot see each other; the JAX-RS filter opens the scope. A request that never reaches its end leaves its scope
 * here, and the next request on the thread closes it first ({@link #closeStale}).
 *
 * <p>The slot holds either an {@link Entry} (a recorded request) or a bare {@link Scope} (an unrecorded one, which
 * allocates nothing more). It is emptied by setting it to null, never with {@code remove()}: the next request's
 * look-up would allocate the thread's entry again. Every method acts on the calling thread only.
 */
public final class RequestThreadScope {
  private static final ThreadLocal<@Nullable Object> OPEN = new ThreadLocal<>();

  private RequestThreadScope() {}

  /**
   * A recorded request's scope, which only the thread that created the entry may close, and whether its response
   * has finished. Integrations extend it with what else they keep about the request, in the same object.
   */
  public abstract static class Entry {
    private final Thread owner = Thread.currentThread();
    private @Nullable Scope scope; // set once by the owner, before the entry is published to other threads
    private boolean closed; // touched by the owner thread only
    private volatile boolean responded;

    /** Creates an entry owned by the calling thread, with no scope yet. */
    protected Entry() {}

    /**
     * Keeps the scope that made the request's context current on the owner thread; call on that thread, once, or
     * again after the scope was closed, when the integration makes the request's context current anew.
     */
    public final void opened(Scope opened) {
      scope = opened;
      closed = false;
    }

    /**
     * Called on the owner thread once its scope was closed there because the response goes on elsewhere. Does
     * nothing here; an integration whose request context sits on top of a server's own scope overrides it, to put the
     * thread back as it was before the request when the server will close its scope on another thread.
     */
    protected void releasedToAnotherThread() {}

    /** Notes that the request's response has finished, on whatever thread. */
    public final void markResponded() {
      responded = true;
    }

    /** Whether the request's response has finished, on whatever thread. */
    public final boolean responded() {
      return responded;
    }

    /**
     * Closes the scope once if called on the thread that created the entry; returns whether it is closed now (false
     * on any other thread, where closing would restore that thread's context to the wrong one).
     */
    public final boolean closeIfOwner() {
      if (Thread.currentThread() != owner) {
        return false;
      }
      Scope open = scope;
      if (!closed && open != null) {
        closed = true;
        open.close();
      }
      return true;
    }
  }

  /** Keeps {@code entry} as the calling thread's open request scope, replacing whatever was kept. */
  public static void open(Entry entry) {
    OPEN.set(entry);
  }

  /** Keeps an unrecorded request's bare {@code scope} as the calling thread's open request scope. */
  public static void open(Scope scope) {
    OPEN.set(scope);
  }

  /** Returns what the calling thread keeps: an {@link Entry}, a {@link Scope}, or null. */
  public static @Nullable Object current() {
    return OPEN.get();
  }

  /** Forgets what the calling thread keeps, without closing it: its owner closed it, or is about to. */
  public static void clear() {
    OPEN.set(null);
  }

  /**
   * Closes and forgets a scope an earlier request left open on the calling thread, if any; also what an integration
   * calls to close the current request's scope on its thread at once.
   */
  public static void closeStale() {
    Object stale = OPEN.get();
    if (stale != null) {
      OPEN.set(null);
      if (stale instanceof Entry) {
        ((Entry) stale).closeIfOwner();
      } else {
        ((Scope) stale).close();
      }
    }
  }

  /**
   * Called on the request thread when the resource method has returned: closes the request's scope if its response
   * goes on elsewhere ({@code async}: a suspended or {@code CompletionStage} method) or is already finished. A
   * synchronous response not yet finished closes it in its own filter, on this thread. Calling it again, or from a
   * second integration, does nothing.
   */
  public static void resourceMethodFinished(boolean async) {
    Object open = OPEN.get();
    if (open instanceof Entry) {
      Entry entry = (Entry) open;
      if (async || entry.responded()) {
        OPEN.set(null);
        if (entry.closeIfOwner() && async) {
          entry.releasedToAnotherThread();
        }
      }
    } else if (open instanceof Scope && async) {
      OPEN.set(null);
      ((Scope) open).close();
    }
  }
}
