package dev.traceguard.jaxrs.internal;

import io.opentelemetry.context.Scope;

/**
 * The SERVER span's scope with the thread that opened it. A scope may only be closed on that thread, and an
 * asynchronous response can finish on another, possibly before the resource method has even returned.
 */
final class OpenScope {
  private final Scope scope;
  private final Thread owner;
  private boolean closed; // touched by the owner thread only
  private volatile boolean responded;

  OpenScope(Scope scope) {
    this.scope = scope;
    this.owner = Thread.currentThread();
  }

  /** Notes that the response was finished, on whatever thread. */
  void markResponded() {
    responded = true;
  }

  boolean responded() {
    return responded;
  }

  /** Closes the scope once, if called on the opening thread; returns whether it is closed now. */
  boolean closeIfOwner() {
    if (Thread.currentThread() != owner) {
      return false;
    }
    if (!closed) {
      closed = true;
      scope.close();
    }
    return true;
  }
}
