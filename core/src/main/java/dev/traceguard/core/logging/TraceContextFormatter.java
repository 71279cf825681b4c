package dev.traceguard.core.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} formatter that starts each line with the trace context of the span current on the
 * formatting thread, {@code trace_id=<32 hex> span_id=<16 hex> trace_flags=<2 hex> }, followed by what another
 * formatter makes of the record. A record logged with no valid span current gets no prefix.
 *
 * <p>Configured in {@code logging.properties}, for example {@code
 * java.util.logging.ConsoleHandler.formatter=dev.traceguard.core.logging.TraceContextFormatter}; the formatter it
 * wraps is named by the property {@code dev.traceguard.core.logging.TraceContextFormatter.delegate} (a class with a
 * public no-argument constructor), by default {@link SimpleFormatter}. The span is read when the record is
 * formatted, so the handler must format on the logging thread (the JDK's console and file handlers do; a handler
 * that formats on a thread of its own would see no span).
 *
 * <p>Thread-safe when its delegate is; never throws because of the span.
 */
public final class TraceContextFormatter extends Formatter {
  /** The {@code LogManager} property naming the wrapped formatter's class: {@value}. */
  public static final String DELEGATE_PROPERTY = "dev.traceguard.core.logging.TraceContextFormatter.delegate";

  private final Formatter delegate;

  /**
   * Creates the formatter around the one {@value #DELEGATE_PROPERTY} names, or a {@link SimpleFormatter}; a class
   * that cannot be created is reported on standard error (there is no logging to report it to) and replaced by a
   * {@link SimpleFormatter}, so a typo never loses log lines.
   */
  public TraceContextFormatter() {
    this(configuredDelegate());
  }

  /**
   * Creates the formatter around {@code delegate}, for code that sets up its {@link Handler}s itself.
   *
   * @throws NullPointerException if {@code delegate} is null
   */
  public TraceContextFormatter(Formatter delegate) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
  }

  /** Returns the prefix for the span current on the calling thread, empty when none is valid. */
  public static String currentPrefix() {
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid()) {
      return "";
    }
    return TraceContextMdc.TRACE_ID + '=' + span.getTraceId() + ' ' + TraceContextMdc.SPAN_ID + '=' + span.getSpanId()
        + ' ' + TraceContextMdc.TRACE_FLAGS + '=' + span.getTraceFlags().asHex() + ' ';
  }

  @Override
  public String format(LogRecord record) {
    return currentPrefix() + delegate.format(record);
  }

  @Override
  public String getHead(Handler handler) {
    return delegate.getHead(handler);
  }

  @Override
  public String getTail(Handler handler) {
    return delegate.getTail(handler);
  }

  private static Formatter configuredDelegate() {
    String name = LogManager.getLogManager().getProperty(DELEGATE_PROPERTY);
    if (name == null || name.isBlank()) {
      return new SimpleFormatter();
    }
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type = Class.forName(name.trim(), true,
          loader != null ? loader : TraceContextFormatter.class.getClassLoader());
      return (Formatter) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      System.err.println("Traceguard: " + DELEGATE_PROPERTY + "=" + name + " cannot be used (" + e
          + "); java.util.logging.SimpleFormatter is used instead");
      return new SimpleFormatter();
    }
  }
}
