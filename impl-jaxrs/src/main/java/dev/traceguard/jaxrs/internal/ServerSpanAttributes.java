package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.CLIENT_ADDRESS;
import static dev.traceguard.core.TraceguardAttributes.ERROR_TYPE;
import static dev.traceguard.core.TraceguardAttributes.HTTP_REQUEST_METHOD;
import static dev.traceguard.core.TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE;
import static dev.traceguard.core.TraceguardAttributes.HTTP_ROUTE;
import static dev.traceguard.core.TraceguardAttributes.SERVER_ADDRESS;
import static dev.traceguard.core.TraceguardAttributes.SERVER_PORT;
import static dev.traceguard.core.TraceguardAttributes.URL_PATH;
import static dev.traceguard.core.TraceguardAttributes.URL_QUERY;
import static dev.traceguard.core.TraceguardAttributes.URL_SCHEME;
import static dev.traceguard.core.TraceguardAttributes.USER_AGENT_ORIGINAL;

import dev.traceguard.core.ErrorRecorder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP semantic-convention attributes and the name of one application's SERVER spans, set only on spans that
 * record. What repeats from request to request is built once: the span name per route, the boxed status codes and
 * server port (the SDK keeps attribute values boxed, and {@code Long.valueOf} caches only up to 127). Thread-safe.
 */
final class ServerSpanAttributes {
  private static final Long[] STATUS_CODES = new Long[500]; // 100-599

  static {
    for (int i = 0; i < STATUS_CODES.length; i++) {
      STATUS_CODES[i] = (long) (i + 100);
    }
  }

  private final CapturedHeaders requestHeaders;
  private final CapturedHeaders responseHeaders;
  /** Span names by route, for the method the route was first answered with (the usual one): no concatenation. */
  private final Map<String, String[]> spanNames = new ConcurrentHashMap<>();
  // The server port last seen, boxed: an application is usually served on one port.
  private volatile @Nullable Long lastPort;

  ServerSpanAttributes(CapturedHeaders requestHeaders, CapturedHeaders responseHeaders) {
    this.requestHeaders = requestHeaders;
    this.responseHeaders = responseHeaders;
  }

  /**
   * Sets the request's attributes on a recording span: method, path, scheme, query, server address and port, user
   * agent, the first {@code X-Forwarded-For} address as {@code client.address}, and the captured request headers.
   */
  void onRequest(Span span, ContainerRequestContext request, URI uri, String method, String path) {
    span.setAttribute(HTTP_REQUEST_METHOD, method);
    span.setAttribute(URL_PATH, path);
    span.setAttribute(URL_SCHEME, uri.getScheme());
    if (uri.getRawQuery() != null) {
      span.setAttribute(URL_QUERY, uri.getRawQuery());
    }
    if (uri.getHost() != null) {
      span.setAttribute(SERVER_ADDRESS, uri.getHost());
    }
    if (uri.getPort() > 0) {
      span.setAttribute(SERVER_PORT, port(uri.getPort()));
    }
    // Lower-case names: Jersey's case-insensitive header map copies a name that has capitals on every look-up.
    String userAgent = request.getHeaders().getFirst("user-agent");
    if (userAgent != null) {
      span.setAttribute(USER_AGENT_ORIGINAL, userAgent);
    }
    String forwardedFor = request.getHeaders().getFirst("x-forwarded-for");
    if (forwardedFor != null) {
      int comma = forwardedFor.indexOf(',');
      span.setAttribute(CLIENT_ADDRESS, (comma < 0 ? forwardedFor : forwardedFor.substring(0, comma)).trim());
    }
    if (!requestHeaders.isEmpty()) {
      requestHeaders.record(span, request.getHeaders()::get);
    }
  }

  /**
   * Sets the response's attributes on a recording span: the status code, the captured response headers, the route
   * and the name it gives; ERROR for a 5xx, with {@code error.type} the status when no exception was recorded.
   */
  void onResponse(Span span, ContainerRequestContext request, ContainerResponseContext response,
      @Nullable String route, int status) {
    span.setAttribute(HTTP_RESPONSE_STATUS_CODE, statusCode(status));
    if (!responseHeaders.isEmpty()) {
      responseHeaders.record(span, name -> responseHeader(response, name));
    }
    if (route != null) {
      span.updateName(spanName(request.getMethod(), route));
      span.setAttribute(HTTP_ROUTE, route);
    }
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
      if (!ErrorRecorder.hasRecordedError(span)) {
        span.setAttribute(ERROR_TYPE, Integer.toString(status));
      }
    }
  }

  /** The status code boxed, shared for 100-599. */
  private static Long statusCode(int status) {
    return status >= 100 && status <= 599 ? STATUS_CODES[status - 100] : Long.valueOf(status);
  }

  private Long port(int port) {
    Long last = lastPort;
    if (last != null && last == port) {
      return last;
    }
    Long boxed = (long) port;
    lastPort = boxed;
    return boxed;
  }

  /** {@code {method} {route}}, built once per route for the method that first answered it. */
  private String spanName(String method, String route) {
    String[] cached = spanNames.get(route);
    if (cached != null && cached[0].equals(method)) {
      return cached[1];
    }
    String name = method + " " + route;
    if (cached == null) {
      spanNames.putIfAbsent(route, new String[] {method, name});
    }
    return name;
  }

  /** Content-Type becomes a header only when the entity is written, after this filter: take the chosen type. */
  private static @Nullable List<String> responseHeader(ContainerResponseContext response, String name) {
    List<String> values = response.getStringHeaders().get(name);
    if (values == null && name.equals("content-type") && response.getMediaType() != null) {
      return List.of(response.getMediaType().toString());
    }
    return values;
  }
}
