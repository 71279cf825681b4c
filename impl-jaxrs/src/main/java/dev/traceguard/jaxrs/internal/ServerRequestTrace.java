package dev.traceguard.jaxrs.internal;

import dev.traceguard.core.ErrorScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * What the request filter hands to the response filter and the mappers about one traced request, kept in a single
 * request property (and, on the request thread, where a mapper finds it without the injected {@code UriInfo} proxy's
 * per-call look-up: {@link ServerTracingFilter#currentTrace()}): the SERVER span, the raw request path, when the request started, its {@link
 * ErrorScope}, and the scope that made the span current with the thread that opened it. A scope may only be closed on
 * that thread, and an asynchronous response can finish on another, possibly before the resource method has even
 * returned.
 */
final class ServerRequestTrace {
  final Span span;
  final String path;
  final long startNanos;
  final ErrorScope errors;
  private final Thread owner = Thread.currentThread();
  private @Nullable Scope scope; // set once by the owner, before the request property publishes this object
  private boolean closed; // touched by the owner thread only
  private volatile boolean responded;

  ServerRequestTrace(Span span, String path, long startNanos, ErrorScope errors) {
    this.span = span;
    this.path = path;
    this.startNanos = startNanos;
    this.errors = errors;
  }

  /** Keeps the scope that made this request's context current on the opening thread. */
  void opened(Scope opened) {
    scope = opened;
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
    Scope open = scope;
    if (!closed && open != null) {
      closed = true;
      open.close();
    }
    return true;
  }
}
