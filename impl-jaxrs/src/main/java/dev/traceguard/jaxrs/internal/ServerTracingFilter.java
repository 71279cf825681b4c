package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.REQUEST_TRACE;

import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.RequestThreadScope;
import dev.traceguard.core.TraceguardMetrics;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.logging.TraceContextMdc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import java.net.URI;
import java.nio.CharBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * Starts a SERVER span for every request (continuing the caller's W3C context) before matching, makes it current
 * for the resource method, and ends it in the response filter with the route, the status code and a {@code
 * traceresponse} header.
 *
 * <p>An unrecorded request (its span does not record and no metrics are recorded) only has its span made current,
 * so that the calls it makes carry its context: no attributes, no error scope, no MDC entries, no {@code
 * traceresponse}. An exception it answers is still handed to the error listeners. Ratio sampling leaves most requests
 * unrecorded, so this is the path production pays for most.
 *
 * <p>Requests whose path matches {@code traceguard.server.skip-pattern} cost one regex match and nothing else. No
 * failure of tracing ever fails a request: every step is guarded, logged at FINE at most once a minute, and the
 * request goes on untraced. Thread-safe; one instance serves every request of an application.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public final class ServerTracingFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final Logger logger = Logger.getLogger(ServerTracingFilter.class.getName());

  private final TracingRuntime runtime;
  private final boolean enabled;
  // One matcher per thread, reset for each request: Pattern.matcher would allocate one per request.
  private final @Nullable ThreadLocal<Matcher> skip;
  private final Routes routes = new Routes();
  private final ServerSpanAttributes attributes;
  private final LogThrottle logThrottle = LogThrottle.everyMinute();

  // A proxy that JAX-RS resolves to the current request's matched resource.
  @jakarta.ws.rs.core.Context private @Nullable ResourceInfo resourceInfo;

  /** Creates the filter for one application's runtime. */
  public ServerTracingFilter(TracingRuntime runtime) {
    this.runtime = runtime;
    this.enabled = runtime.config().isEnabled();
    this.skip = runtime.config().serverSkipPattern().map(pattern -> ThreadLocal.withInitial(() -> pattern.matcher("")))
        .orElse(null);
    this.attributes = new ServerSpanAttributes(CapturedHeaders.request(runtime.config().serverRequestHeaders()),
        CapturedHeaders.response(runtime.config().serverResponseHeaders()));
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!enabled) {
      return;
    }
    try {
      long start = System.nanoTime();
      URI uri = request.getUriInfo().getRequestUri();
      String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
      if (skip != null && skip.get().reset(relativePath(request, path)).matches()) {
        return;
      }
      Context parent = runtime.propagator().extract(Context.root(), request.getHeaders(), HeaderGetter.INSTANCE);
      String method = request.getMethod();
      // The attributes go on the started span, and only when it records: Traceguard's samplers never read them,
      // and an unsampled request then allocates no attribute map.
      Span span = runtime.tracer().spanBuilder(method)
          .setSpanKind(SpanKind.SERVER)
          .setParent(parent)
          .startSpan();
      boolean recording = span.isRecording();
      RequestThreadScope.closeStale();
      if (!recording && !runtime.metrics().isRecording()) {
        RequestThreadScope.open(parent.with(span).makeCurrent());
        request.setProperty(REQUEST_TRACE, span);
        return;
      }
      if (recording) {
        attributes.onRequest(span, request, uri, method, path);
      }
      // The request is the entry point: errors of @Traced beans inside it are counted once, here, with the route.
      ErrorScope errors = ErrorScope.create();
      Context context = errors.storeIn(parent.with(span));
      ServerRequestTrace trace = new ServerRequestTrace(span, path, start, errors, null);
      // The MDC gets a recording span's ids with the scope, and loses them on this thread when the scope closes here.
      trace.opened(recording ? TraceContextMdc.makeCurrent(context) : context.makeCurrent());
      RequestThreadScope.open(trace);
      request.setProperty(REQUEST_TRACE, trace);
    } catch (RuntimeException e) {
      failed("start a server span", e);
    }
  }

  /**
   * The traced request this thread is handling, for a mapper on the request thread; null elsewhere (an asynchronous
   * response resumed on another thread) or when the request's span is not the current one (an untraced request
   * after one that never reached its end). A thread-local look-up, where the request's context would need one more
   * entry on every request.
   */
  static @Nullable ServerRequestTrace currentTrace() {
    Object open = RequestThreadScope.current();
    return open instanceof ServerRequestTrace && ((ServerRequestTrace) open).span == Span.current()
        ? (ServerRequestTrace) open : null;
  }

  /**
   * Whether the thread is handling an unrecorded request whose span is the current one: a mapper on the request
   * thread then has no error scope to note in, and hands the exception to the error listeners itself.
   */
  static boolean inUnrecordedRequest() {
    Span current = Span.current();
    return RequestThreadScope.current() instanceof Scope && !current.isRecording()
        && current.getSpanContext().isValid();
  }

  /**
   * The decoded path from the application root, with a leading {@code /}, as the skip pattern is documented to see.
   * A raw path with no {@code %} is its own decoded form, so the usual request is answered without a copy.
   */
  private static CharSequence relativePath(ContainerRequestContext request, String rawPath) {
    String base = request.getUriInfo().getBaseUri().getRawPath();
    if (base != null && base.endsWith("/") && rawPath.startsWith(base) && rawPath.indexOf('%') < 0) {
      return base.length() == 1 ? rawPath : CharBuffer.wrap(rawPath, base.length() - 1, rawPath.length());
    }
    String path = request.getUriInfo().getPath();
    return path.startsWith("/") ? path : "/" + path;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object property = request.getProperty(REQUEST_TRACE);
    if (property instanceof Span) {
      finishUnrecorded(request, response, (Span) property);
      return;
    }
    if (!(property instanceof ServerRequestTrace)) {
      return;
    }
    ServerRequestTrace trace = (ServerRequestTrace) property;
    Span span = trace.span;
    try {
      int status = response.getStatus();
      Throwable failure = failure(request, trace);
      if (failure != null) {
        // Mapped by the application's own mapper, or answered without any: record it with the status it got.
        runtime.errors().recordFailure(span, failure, status, trace.errors);
      }
      boolean recording = span.isRecording();
      String route = recording || runtime.metrics().isRecording() ? routes.of(request, resourceInfo) : null;
      if (recording) {
        attributes.onResponse(span, request, response, route, status);
      }
      recordMetrics(request, trace, route, status, failure);
      if (recording && runtime.config().isTraceResponse()) {
        ServerSpans.traceResponse(span, response);
      }
    } catch (RuntimeException e) {
      failed("finish a server span", e);
    } finally {
      span.end();
      trace.markResponded();
      // On another thread (a resumed async response) the request thread closes it when the method returns.
      if (trace.closeIfOwner() && RequestThreadScope.current() == trace) {
        RequestThreadScope.clear();
      }
    }
  }

  /**
   * The end of an unrecorded request: on Jersey, which tells the exception any mapper answered, that exception goes
   * to the error listeners (elsewhere Traceguard's mappers hand it on); then the scope is closed if this is the
   * thread that opened it and the request's span is still current there (an asynchronous response may finish on
   * another request's thread, whose own scope this must not close; the request thread closes it when its method
   * returns).
   */
  private void finishUnrecorded(ContainerRequestContext request, ContainerResponseContext response, Span span) {
    try {
      Throwable mapped = JerseySupport.EXTENDED_URI_INFO ? JerseyRoutes.mappedThrowable(request) : null;
      if (mapped != null) {
        // No scope: on a thread resuming this response, the current context may be another request's.
        runtime.errors().record(span, SpanKind.SERVER, ServerSpans.unwrap(mapped), response.getStatus(), null);
      }
    } catch (RuntimeException e) {
      failed("report a failed request", e);
    } finally {
      span.end();
      Object open = RequestThreadScope.current();
      if (open instanceof Scope && Span.current() == span) {
        RequestThreadScope.clear();
        ((Scope) open).close();
      }
    }
  }

  /**
   * The exception the request failed with: the one Jersey mapped to the response (by any mapper, the application's
   * own included), else the one Traceguard's mappers noted on other JAX-RS implementations.
   */
  static @Nullable Throwable failure(ContainerRequestContext request, ServerRequestTrace trace) {
    if (JerseySupport.EXTENDED_URI_INFO) {
      Throwable mapped = JerseyRoutes.mappedThrowable(request);
      if (mapped != null) {
        return ServerSpans.unwrap(mapped);
      }
    }
    return trace.errors.failure();
  }

  /**
   * Records the request's duration and ends its entry point, which counts and reports every distinct failure
   * recorded in the request once, with its route and status, even one the application recovered from. The span is put in the
   * recording context explicitly: an asynchronous response ends on a thread where it is not current, and the SDK
   * takes the exemplar's trace and span id from this context.
   */
  private void recordMetrics(ContainerRequestContext request, ServerRequestTrace trace, @Nullable String route,
      int status, @Nullable Throwable failure) {
    TraceguardMetrics metrics = runtime.metrics();
    if (!metrics.isRecording()) {
      runtime.errors().end(trace.errors, Context.root(), route, status); // reports, counts nothing
      return;
    }
    Context context = Context.root().with(trace.span);
    String errorType = failure != null ? failure.getClass().getName()
        : status >= 500 ? Integer.toString(status)
        : null;
    metrics.recordServerRequest(context, System.nanoTime() - trace.startNanos, request.getMethod(), route, status,
        request.getUriInfo().getRequestUri().getScheme(), errorType);
    runtime.errors().end(trace.errors, context, route, status);
  }

  private void failed(String what, RuntimeException e) {
    logThrottle.log(logger, Level.FINE, "Traceguard could not " + what + "; the request goes on untraced", e);
  }
}
