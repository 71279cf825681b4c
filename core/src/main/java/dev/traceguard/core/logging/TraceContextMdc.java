package dev.traceguard.core.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Makes a context current and, while it is, puts its span's {@value #TRACE_ID}, {@value #SPAN_ID} and {@value
 * #TRACE_FLAGS} into the SLF4J MDC, so every log line written in the scope names its trace.
 *
 * <p>Traceguard opens its scopes (the SERVER span of a request, each {@code @Traced} method) through {@link
 * #makeCurrent(Context)}. Closing the scope puts back the values the MDC had before, so nested scopes restore their
 * parent's ids and a thread going back to its pool keeps no stale ids. The MDC is filled only on the thread that
 * opens the scope, where it is also closed; a context an application makes current itself ({@code
 * span.makeCurrent()}, an executor wrapped with {@code Context.wrap}) does not touch the MDC.
 *
 * <p>SLF4J is optional: without {@code org.slf4j.MDC} on the class path this only makes the context current. A
 * failing MDC adapter never fails the caller: the ids are then missing from the logs. Thread-safe, stateless.
 */
public final class TraceContextMdc {
  /** The MDC key of the trace id, 32 lowercase hexadecimal digits: {@value}. */
  public static final String TRACE_ID = "trace_id";

  /** The MDC key of the span id, 16 lowercase hexadecimal digits: {@value}. */
  public static final String SPAN_ID = "span_id";

  /** The MDC key of the W3C trace flags, 2 hexadecimal digits ({@code 01} when sampled): {@value}. */
  public static final String TRACE_FLAGS = "trace_flags";

  private static final boolean SLF4J = isPresent("org.slf4j.MDC");

  private TraceContextMdc() {}

  /** Returns true when SLF4J's MDC is on the class path of Traceguard, so the ids reach it. */
  public static boolean isAvailable() {
    return SLF4J;
  }

  /**
   * Makes {@code context} current and, when its span is valid and SLF4J is present, puts the span's ids into the
   * MDC. The scope returned must be closed on the same thread; closing it restores the previous context and the
   * previous MDC values (removing keys that were absent). Never throws because of the MDC.
   *
   * @param context the context to make current, not null
   * @return the scope to close, never null
   */
  public static Scope makeCurrent(Context context) {
    Scope scope = context.makeCurrent();
    if (!SLF4J) {
      return scope;
    }
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (!span.isValid()) {
      return scope;
    }
    return Slf4jMdc.put(span, scope);
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, TraceContextMdc.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
