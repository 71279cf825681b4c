package dev.traceguard.jaxrs.internal;

import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.RequestThreadScope;
import io.opentelemetry.api.trace.Span;

/**
 * What the request filter hands to the response filter and the mappers about one traced request, kept in a single
 * request property: the SERVER span, the raw request path, when the request started and its {@link ErrorScope}; as a
 * {@link RequestThreadScope.Entry}, the scope that made the span current and the thread that opened it (where a
 * mapper on the request thread finds it, {@link ServerTracingFilter#currentTrace()}, without the injected {@code
 * UriInfo} proxy's per-call look-up). An asynchronous response can finish on another thread, possibly before the
 * resource method has even returned.
 */
final class ServerRequestTrace extends RequestThreadScope.Entry {
  final Span span;
  final String path;
  final long startNanos;
  final ErrorScope errors;

  ServerRequestTrace(Span span, String path, long startNanos, ErrorScope errors) {
    this.span = span;
    this.path = path;
    this.startNanos = startNanos;
    this.errors = errors;
  }
}
