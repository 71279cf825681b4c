package dev.traceguard.core.logging;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/** The only class that touches SLF4J, loaded only when {@link TraceContextMdc} found it. */
final class Slf4jMdc implements Scope {
  private final Scope scope;
  private final @Nullable String previousTraceId;
  private final @Nullable String previousSpanId;
  private final @Nullable String previousTraceFlags;

  private Slf4jMdc(Scope scope, @Nullable String traceId, @Nullable String spanId, @Nullable String traceFlags) {
    this.scope = scope;
    this.previousTraceId = traceId;
    this.previousSpanId = spanId;
    this.previousTraceFlags = traceFlags;
  }

  static Scope put(SpanContext span, Scope scope) {
    Slf4jMdc restoring;
    try {
      restoring = new Slf4jMdc(scope, MDC.get(TraceContextMdc.TRACE_ID), MDC.get(TraceContextMdc.SPAN_ID),
          MDC.get(TraceContextMdc.TRACE_FLAGS));
      MDC.put(TraceContextMdc.TRACE_ID, span.getTraceId());
      MDC.put(TraceContextMdc.SPAN_ID, span.getSpanId());
      MDC.put(TraceContextMdc.TRACE_FLAGS, span.getTraceFlags().asHex());
    } catch (RuntimeException e) {
      return scope; // a broken MDC adapter costs the log correlation, never the request
    }
    return restoring;
  }

  /** Returns a copy of the thread's MDC entries, null when it has none or the adapter fails. */
  static @Nullable Map<String, String> copy() {
    try {
      return MDC.getCopyOfContextMap();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Replaces the thread's MDC entries with {@code entries} (none when null) until the returned scope closes, which
   * closes {@code scope} and puts the previous entries back.
   */
  static Scope replace(@Nullable Map<String, String> entries, Scope scope) {
    Map<String, String> previous;
    try {
      previous = MDC.getCopyOfContextMap();
      set(entries);
    } catch (RuntimeException e) {
      return scope; // as in put: the entries are missing, the task runs
    }
    return () -> {
      try {
        scope.close();
      } finally {
        try {
          set(previous);
        } catch (RuntimeException e) {
          // As in close: the thread may keep the task's entries, the caller goes on.
        }
      }
    };
  }

  private static void set(@Nullable Map<String, String> entries) {
    if (entries == null || entries.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(entries);
    }
  }

  @Override
  public void close() {
    try {
      scope.close();
    } finally {
      try {
        restore(TraceContextMdc.TRACE_ID, previousTraceId);
        restore(TraceContextMdc.SPAN_ID, previousSpanId);
        restore(TraceContextMdc.TRACE_FLAGS, previousTraceFlags);
      } catch (RuntimeException e) {
        // As in put: the MDC may be left with our ids, the caller goes on.
      }
    }
  }

  private static void restore(String key, @Nullable String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
