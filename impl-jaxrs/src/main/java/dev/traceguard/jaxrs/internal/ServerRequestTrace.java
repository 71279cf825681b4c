package dev.traceguard.jaxrs.internal;

import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.RequestThreadScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * What the request filter hands to the response filter and the mappers about one traced request, kept in a single
 * request property: the SERVER span, the raw request path, when the request started, its {@link ErrorScope} and, on the
 * server's OpenTelemetry, the context made current; as a
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
  // The context the request filter made current, kept where it may be made current again (ServerSpanEnricher).
  final @Nullable Context context;

  ServerRequestTrace(Span span, String path, long startNanos, ErrorScope errors, @Nullable Context context) {
    this.span = span;
    this.path = path;
    this.startNanos = startNanos;
    this.errors = errors;
    this.context = context;
  }

  /**
   * On the server's OpenTelemetry, once an asynchronous method has returned: if the server's span is still current
   * on the request thread, puts the thread back to no context. A server that closes its scope in its response filter
   * (WildFly's telemetry does) runs that filter on the thread that finishes the response, where OpenTelemetry ignores
   * the close; its span would stay current on the request thread, and the server's instrumentation would not start a
   * SERVER span for the next request that thread serves, taking it for a nested one. The root context is made current
   * and its scope deliberately left open: it only sets what the thread holds.
   */
  @Override
  protected void releasedToAnotherThread() {
    if (context != null && Span.current() == span) {
      Context.root().makeCurrent();
    }
  }
}
