package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.REQUEST_TRACE;

import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.RequestThreadScope;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.logging.TraceContextMdc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * On a server whose own MicroProfile Telemetry traces the request ({@link TracingRuntime#onServer}), makes the
 * server's SERVER span the request's span for Traceguard instead of starting a second one: the request gets an
 * {@link ErrorScope}, the MDC entries and a {@code traceresponse} header; exceptions answered by any mapper are
 * recorded on the server's span (error code, domain, exception event) and reported once to the error listeners.
 * The server starts, names, ends and exports the span, with the HTTP semantic conventions' attributes.
 *
 * <p>Registered at {@link #PRIORITY}, after the server's filter (WildFly's and Open Liberty's run at {@link
 * Priorities#USER}): its request filter then finds the server's span current, and its response filter runs before
 * the server's ends the span (response filters run in reverse order of priority). A request the server does not
 * trace (no valid current span) is left alone. Never throws: a failure is logged at FINE at most once a minute and
 * the request goes on. Thread-safe; one instance serves every request of an application.
 */
public final class ServerSpanEnricher implements ContainerRequestFilter, ContainerResponseFilter {
  /** Where this filter is registered: after the server's own tracing filter, at {@code Priorities.USER}. */
  public static final int PRIORITY = Priorities.USER + 100;

  private static final Logger logger = Logger.getLogger(ServerSpanEnricher.class.getName());

  private final TracingRuntime runtime;
  private final Routes routes = new Routes();
  private final LogThrottle logThrottle = LogThrottle.everyMinute();

  // A proxy that JAX-RS resolves to the current request's matched resource.
  @jakarta.ws.rs.core.Context private @Nullable ResourceInfo resourceInfo;

  /** Creates the filter for one application's runtime, which {@linkplain TracingRuntime#onServer runs on the server's}. */
  public ServerSpanEnricher(TracingRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      Span span = Span.current();
      if (!span.getSpanContext().isValid()) {
        return;
      }
      RequestThreadScope.closeStale();
      ErrorScope errors = ErrorScope.create();
      Context context = errors.storeIn(Context.current());
      String path = request.getUriInfo().getRequestUri().getRawPath();
      ServerRequestTrace trace =
          new ServerRequestTrace(span, path == null ? "/" : path, System.nanoTime(), errors, context);
      open(trace, context);
      request.setProperty(REQUEST_TRACE, trace);
    } catch (RuntimeException e) {
      failed("join the server's span", e);
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(REQUEST_TRACE) instanceof ServerRequestTrace trace)) {
      return;
    }
    try {
      int status = response.getStatus();
      Throwable failure = ServerTracingFilter.failure(request, trace);
      if (failure != null) {
        runtime.errors().recordFailure(trace.span, failure, status, trace.errors);
      }
      if (trace.span.isRecording() && runtime.config().isTraceResponse()) {
        ServerSpans.traceResponse(trace.span, response);
      }
      // The span explicitly: the SDK takes an error count's exemplar from this context, and an asynchronous
      // response ends on a thread where the span is not current.
      runtime.errors().end(trace.errors, Context.root().with(trace.span), routes.of(request, resourceInfo), status);
    } catch (RuntimeException e) {
      failed("finish with the server's span", e);
    } finally {
      trace.markResponded();
      if (trace.closeIfOwner() && RequestThreadScope.current() == trace) {
        RequestThreadScope.clear();
      }
    }
  }

  /** Makes the request's context current on this thread, with the MDC entries of a recording span. */
  private static void open(ServerRequestTrace trace, Context context) {
    trace.opened(trace.span.isRecording() ? TraceContextMdc.makeCurrent(context) : context.makeCurrent());
    RequestThreadScope.open(trace);
  }

  /**
   * Makes a synchronous request's context current again on its thread, after the server closed its own scope when
   * the resource method returned ({@link JerseyRequestListener#afterTheServer}): the exception mappers and the response
   * filter that follow then see the request's span, and the scope they close restores what the thread had before the
   * request. Does nothing off the request's thread, once the response is done, or for a request not joined here.
   */
  static void reopen(@Nullable Object requestTrace) {
    if (requestTrace instanceof ServerRequestTrace trace && trace.context != null && !trace.responded()
        && trace.closeIfOwner()) {
      open(trace, trace.context);
    }
  }

  private void failed(String what, RuntimeException e) {
    logThrottle.log(logger, Level.FINE, "Traceguard could not " + what + "; the request goes on", e);
  }
}
