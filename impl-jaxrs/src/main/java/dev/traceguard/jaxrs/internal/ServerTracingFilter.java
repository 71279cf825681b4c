package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.CLIENT_ADDRESS;
import static dev.traceguard.core.TraceguardAttributes.ERROR_TYPE;
import static dev.traceguard.core.TraceguardAttributes.HTTP_REQUEST_METHOD;
import static dev.traceguard.core.TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE;
import static dev.traceguard.core.TraceguardAttributes.HTTP_ROUTE;
import static dev.traceguard.core.TraceguardAttributes.REQUEST_ERROR_SCOPE;
import static dev.traceguard.core.TraceguardAttributes.REQUEST_EXCEPTION;
import static dev.traceguard.core.TraceguardAttributes.REQUEST_SCOPE;
import static dev.traceguard.core.TraceguardAttributes.REQUEST_SPAN;
import static dev.traceguard.core.TraceguardAttributes.REQUEST_START_NANOS;
import static dev.traceguard.core.TraceguardAttributes.SERVER_ADDRESS;
import static dev.traceguard.core.TraceguardAttributes.SERVER_PORT;
import static dev.traceguard.core.TraceguardAttributes.TRACERESPONSE_HEADER;
import static dev.traceguard.core.TraceguardAttributes.URL_PATH;
import static dev.traceguard.core.TraceguardAttributes.URL_QUERY;
import static dev.traceguard.core.TraceguardAttributes.URL_SCHEME;
import static dev.traceguard.core.TraceguardAttributes.USER_AGENT_ORIGINAL;

import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.logging.TraceContextMdc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;

import java.lang.reflect.Method;
import java.net.URI;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Starts a SERVER span for every request (continuing the caller's W3C context) before matching, makes it current
 * for the resource method, and ends it in the response filter with the route, the status code and a {@code
 * traceresponse} header.
 *
 * <p>Requests whose path matches {@code traceguard.server.skip-pattern} cost one regex match and nothing else. No
 * failure of tracing ever fails a request: every step is guarded, logged at FINE at most once a minute, and the
 * request goes on untraced. Thread-safe; one instance serves every request of an application.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public final class ServerTracingFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final Logger logger = Logger.getLogger(ServerTracingFilter.class.getName());

  /**
   * The scope this filter opened on the current request thread. Jersey may recycle a request whose asynchronous
   * response finished first, so the request thread finds its scope here rather than in the request's properties.
   */
  private static final ThreadLocal<OpenScope> REQUEST_THREAD_SCOPE = new ThreadLocal<>();

  private final TracingRuntime runtime;
  private final boolean enabled;
  private final @Nullable Pattern skip;
  private final Routes routes = new Routes();
  private final CapturedHeaders requestHeaders;
  private final CapturedHeaders responseHeaders;
  private final LogThrottle logThrottle = LogThrottle.everyMinute();

  // A proxy that JAX-RS resolves to the current request's matched resource.
  @jakarta.ws.rs.core.Context private @Nullable ResourceInfo resourceInfo;

  /** Creates the filter for one application's runtime. */
  public ServerTracingFilter(TracingRuntime runtime) {
    this.runtime = runtime;
    this.enabled = runtime.config().isEnabled();
    this.skip = runtime.config().serverSkipPattern().orElse(null);
    this.requestHeaders = CapturedHeaders.request(runtime.config().serverRequestHeaders());
    this.responseHeaders = CapturedHeaders.response(runtime.config().serverResponseHeaders());
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
      if (skip != null && skip.matcher(relativePath(request)).matches()) {
        return;
      }
      Context parent = runtime.propagator().extract(Context.root(), request.getHeaders(), HeaderGetter.INSTANCE);
      String method = request.getMethod();
      SpanBuilder builder = runtime.tracer().spanBuilder(method)
          .setSpanKind(SpanKind.SERVER)
          .setParent(parent)
          .setAttribute(HTTP_REQUEST_METHOD, method)
          .setAttribute(URL_PATH, path)
          .setAttribute(URL_SCHEME, uri.getScheme());
      if (uri.getRawQuery() != null) {
        builder.setAttribute(URL_QUERY, uri.getRawQuery());
      }
      if (uri.getHost() != null) {
        builder.setAttribute(SERVER_ADDRESS, uri.getHost());
      }
      if (uri.getPort() > 0) {
        builder.setAttribute(SERVER_PORT, (long) uri.getPort());
      }
      String userAgent = request.getHeaderString("User-Agent");
      if (userAgent != null) {
        builder.setAttribute(USER_AGENT_ORIGINAL, userAgent);
      }
      String forwardedFor = request.getHeaderString("X-Forwarded-For");
      if (forwardedFor != null) {
        int comma = forwardedFor.indexOf(',');
        builder.setAttribute(CLIENT_ADDRESS, (comma < 0 ? forwardedFor : forwardedFor.substring(0, comma)).trim());
      }
      Span span = builder.startSpan();
      if (!requestHeaders.isEmpty()) {
        requestHeaders.record(span, request.getHeaders()::get);
      }
      request.setProperty(REQUEST_SPAN, span);
      request.setProperty(REQUEST_START_NANOS, start);
      // The request is the entry point: errors of @Traced beans inside it are counted once, here, with the route.
      ErrorScope errors = ErrorScope.create();
      request.setProperty(REQUEST_ERROR_SCOPE, errors);
      closeStaleScope();
      // The MDC gets the span's ids with the scope, and loses them on this thread when the scope closes here.
      OpenScope scope = new OpenScope(TraceContextMdc.makeCurrent(errors.storeIn(parent.with(span))));
      REQUEST_THREAD_SCOPE.set(scope);
      request.setProperty(REQUEST_SCOPE, scope);
    } catch (RuntimeException e) {
      failed("start a server span", e);
    }
  }

  /**
   * Called on the request thread when the resource method has returned: closes the scope if the response goes on
   * elsewhere (an asynchronous method) or is already finished; a synchronous response closes it in its filter.
   */
  static void resourceMethodFinished(boolean async) {
    OpenScope scope = REQUEST_THREAD_SCOPE.get();
    if (scope != null && (async || scope.responded())) {
      REQUEST_THREAD_SCOPE.remove();
      scope.closeIfOwner();
    }
  }

  /** A scope left open on this thread by an earlier request that never reached its end: close it first. */
  private static void closeStaleScope() {
    OpenScope stale = REQUEST_THREAD_SCOPE.get();
    if (stale != null) {
      REQUEST_THREAD_SCOPE.remove();
      stale.closeIfOwner();
    }
  }

  /** The path from the application root, with a leading {@code /}, as the skip pattern is documented to see. */
  private static String relativePath(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    return path.startsWith("/") ? path : "/" + path;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object property = request.getProperty(REQUEST_SPAN);
    if (!(property instanceof Span)) {
      return;
    }
    Span span = (Span) property;
    try {
      int status = response.getStatus();
      span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) status);
      ErrorScope errors = errorScope(request);
      Throwable failure = failure(request, errors);
      if (failure != null && errors != null) {
        // Mapped by the application's own mapper, or answered without any: record it with the status it got.
        ServerSpans.record(runtime, span, failure, status, errors);
      }
      if (!responseHeaders.isEmpty()) {
        responseHeaders.record(span, name -> responseHeader(response, name));
      }
      String route = route(request);
      if (route != null) {
        span.updateName(request.getMethod() + " " + route);
        span.setAttribute(HTTP_ROUTE, route);
      }
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
        if (!ServerSpans.hasRecordedError(span)) {
          span.setAttribute(ERROR_TYPE, Integer.toString(status));
        }
      }
      recordMetrics(request, span, route, status, failure, errors);
      SpanContext context = span.getSpanContext();
      if (context.isValid() && runtime.config().isTraceResponse()) {
        response.getHeaders().putSingle(TRACERESPONSE_HEADER,
            "00-" + context.getTraceId() + '-' + context.getSpanId() + '-' + context.getTraceFlags().asHex());
      }
    } catch (RuntimeException e) {
      failed("finish a server span", e);
    } finally {
      span.end();
      Object open = request.getProperty(REQUEST_SCOPE);
      if (open instanceof OpenScope) {
        OpenScope scope = (OpenScope) open;
        scope.markResponded();
        // On another thread (a resumed async response) the request thread closes it when the method returns.
        if (scope.closeIfOwner()) {
          request.removeProperty(REQUEST_SCOPE);
          if (REQUEST_THREAD_SCOPE.get() == scope) {
            REQUEST_THREAD_SCOPE.remove();
          }
        }
      }
    }
  }

  /** The request's entry point, from its properties: the response may finish on a thread where it is not current. */
  private static @Nullable ErrorScope errorScope(ContainerRequestContext request) {
    Object scope = request.getProperty(REQUEST_ERROR_SCOPE);
    return scope instanceof ErrorScope ? (ErrorScope) scope : null;
  }

  /** The exception the request failed with: seen by Jersey's events, else noted by Traceguard's mappers. */
  private static @Nullable Throwable failure(ContainerRequestContext request, @Nullable ErrorScope errors) {
    Object seen = request.getProperty(REQUEST_EXCEPTION);
    if (seen instanceof Throwable) {
      return (Throwable) seen;
    }
    return errors == null ? null : errors.failure();
  }

  /**
   * Records the request's duration and ends its entry point, which counts every distinct exception recorded in the
   * request once, with its route and status, even one the application recovered from. The span is put in the
   * recording context explicitly: an asynchronous response ends on a thread where it is not current, and the SDK
   * takes the exemplar's trace and span id from this context.
   */
  private void recordMetrics(ContainerRequestContext request, Span span, @Nullable String route, int status,
      @Nullable Throwable failure, @Nullable ErrorScope errors) {
    Object start = request.getProperty(REQUEST_START_NANOS);
    Context context = Context.root().with(span);
    String errorType = failure != null ? failure.getClass().getName()
        : status >= 500 ? Integer.toString(status)
        : null;
    if (start instanceof Long) {
      runtime.metrics().recordServerRequest(context, System.nanoTime() - (Long) start, request.getMethod(), route,
          status, request.getUriInfo().getRequestUri().getScheme(), errorType);
    }
    if (errors != null) {
      errors.end(runtime.metrics(), context, route, status);
    }
  }

  /** Content-Type becomes a header only when the entity is written, after this filter: take the chosen type. */
  private static @Nullable List<String> responseHeader(ContainerResponseContext response, String name) {
    List<String> values = response.getStringHeaders().get(name);
    if (values == null && name.equals("content-type") && response.getMediaType() != null) {
      return List.of(response.getMediaType().toString());
    }
    return values;
  }

  private @Nullable String route(ContainerRequestContext request) {
    ResourceInfo info = resourceInfo;
    Method method = info == null ? null : info.getResourceMethod();
    if (method == null) {
      return null; // nothing matched: the span keeps the method alone as its name
    }
    String basePath = request.getUriInfo().getBaseUri().getRawPath();
    if (JerseySupport.EXTENDED_URI_INFO) {
      String locatorRoute = JerseyRoutes.locatorRoute(request, basePath);
      if (locatorRoute != null) {
        return locatorRoute;
      }
    }
    return routes.route(basePath, info.getResourceClass(), method);
  }

  private void failed(String what, RuntimeException e) {
    logThrottle.log(logger, Level.FINE, "Traceguard could not " + what + "; the request goes on untraced", e);
  }
}
