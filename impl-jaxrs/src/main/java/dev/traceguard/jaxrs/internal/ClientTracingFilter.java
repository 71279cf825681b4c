package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.CLIENT_SPAN;
import static dev.traceguard.core.TraceguardAttributes.ERROR_TYPE;
import static dev.traceguard.core.TraceguardAttributes.HTTP_REQUEST_METHOD;
import static dev.traceguard.core.TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE;
import static dev.traceguard.core.TraceguardAttributes.SERVER_ADDRESS;
import static dev.traceguard.core.TraceguardAttributes.SERVER_PORT;
import static dev.traceguard.core.TraceguardAttributes.URL_FULL;

import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Starts a CLIENT span for every outgoing call, child of the current context, injects {@code traceparent}, {@code
 * tracestate} and {@code baggage}, and ends the span with the response status (ERROR on 4xx and 5xx). Never fails
 * a call: a tracing failure leaves the call untraced. Thread-safe.
 */
@Priority(Priorities.HEADER_DECORATOR)
public final class ClientTracingFilter implements ClientRequestFilter, ClientResponseFilter {
  private static final TextMapSetter<MultivaluedMap<String, Object>> SETTER =
      (headers, key, value) -> {
        if (headers != null) {
          headers.putSingle(key, value);
        }
      };

  private static final Logger logger = Logger.getLogger(ClientTracingFilter.class.getName());
  private static final LogThrottle LOG_THROTTLE = LogThrottle.everyMinute();

  private final TracingRuntime runtime;
  private final boolean enabled;
  private final CapturedHeaders requestHeaders;
  private final CapturedHeaders responseHeaders;

  /** Creates the filter for one application's runtime. */
  public ClientTracingFilter(TracingRuntime runtime) {
    this.runtime = runtime;
    this.enabled = runtime.config().isEnabled();
    this.requestHeaders = CapturedHeaders.request(runtime.config().clientRequestHeaders());
    this.responseHeaders = CapturedHeaders.response(runtime.config().clientResponseHeaders());
  }

  @Override
  public void filter(ClientRequestContext request) {
    // A second Traceguard filter on the same call (the application's registration beside the one RESTEasy hands
    // every client built during a request) leaves it to the first: one CLIENT span per call.
    if (!enabled || request.getProperty(CLIENT_SPAN) != null) {
      return;
    }
    try {
      URI uri = request.getUri();
      String method = request.getMethod();
      Span span = runtime.tracer().spanBuilder(method)
          .setSpanKind(SpanKind.CLIENT)
          .setParent(Context.current())
          .setAttribute(HTTP_REQUEST_METHOD, method)
          .setAttribute(URL_FULL, uri.toString())
          .startSpan();
      if (uri.getHost() != null) {
        span.setAttribute(SERVER_ADDRESS, uri.getHost());
      }
      if (uri.getPort() > 0) {
        span.setAttribute(SERVER_PORT, (long) uri.getPort());
      }
      request.setProperty(CLIENT_SPAN, span);
      runtime.propagator().inject(Context.current().with(span), request.getHeaders(), SETTER);
      if (!requestHeaders.isEmpty()) {
        requestHeaders.record(span, request.getStringHeaders()::get);
      }
    } catch (RuntimeException e) {
      // The call goes on untraced: tracing must never fail it, nor fail silently.
      LOG_THROTTLE.log(logger, Level.WARNING, "Traceguard could not trace a client call to " + request.getUri()
          + "; it goes on untraced. Further failures are logged at most once a minute.", e);
    }
  }

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response) {
    @Nullable Object property = request.getProperty(CLIENT_SPAN);
    if (!(property instanceof Span)) {
      return;
    }
    request.removeProperty(CLIENT_SPAN); // ended here, so a later failure handler does not end it again
    Span span = (Span) property;
    try {
      int status = response.getStatus();
      span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) status);
      if (!responseHeaders.isEmpty()) {
        responseHeaders.record(span, response.getHeaders()::get);
      }
      if (status >= 400) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE, Integer.toString(status));
      }
    } finally {
      span.end();
    }
  }
}
