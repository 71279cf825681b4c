package dev.traceguard.all.sample;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * Logs, on the request thread once JAX-RS has returned it to the Servlet container, which trace that thread still
 * holds current: {@code sample: request thread of trace <the caller's trace id> kept <trace id or none>}. A request
 * whose response finishes elsewhere must leave the thread clean. Reads Traceguard's relocated OpenTelemetry, or the
 * server's under {@code traceguard-all-mp}, by reflection, as the sample compiles against neither.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class RequestThreadProbe implements Filter {
  private static final Logger logger = Logger.getLogger(RequestThreadProbe.class.getName());
  /** Traceguard's relocated API (traceguard-all), else the server's, which traceguard-all-mp traces with. */
  private static final List<String> APIS =
      List.of("dev.traceguard.shaded.io.opentelemetry.api.trace.", "io.opentelemetry.api.trace.");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String traceparent = ((HttpServletRequest) request).getHeader("traceparent");
    chain.doFilter(request, response);
    if (traceparent != null && traceparent.length() > 35) {
      logger.info("sample: request thread of trace " + traceparent.substring(3, 35) + " kept " + currentTraceId());
    }
  }

  private static String currentTraceId() {
    ReflectiveOperationException failure = null;
    for (String api : APIS) {
      try {
        ClassLoader loader = RequestThreadProbe.class.getClassLoader();
        Class<?> span = Class.forName(api + "Span", true, loader);
        Class<?> spanContext = Class.forName(api + "SpanContext", true, loader);
        Object context = span.getMethod("getSpanContext").invoke(span.getMethod("current").invoke(null));
        boolean valid = (Boolean) spanContext.getMethod("isValid").invoke(context);
        return valid ? (String) spanContext.getMethod("getTraceId").invoke(context) : "none";
      } catch (ReflectiveOperationException e) {
        failure = e;
      }
    }
    return "unknown (" + failure + ")";
  }
}
