package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Bridges {@code java.util.logging} to the SDK's logs pipeline: a handler on the root logger that emits every record
 * it is given as a log record, in the current context (so it carries the current trace and span ids), which the
 * runtime's log record exporters then mask on their own thread ({@link MaskingLogRecordExporter}).
 *
 * <p>Why our own: OpenTelemetry has a {@code java.util.logging} bridge only as a javaagent instrumentation, not as a
 * library a WAR can carry.
 *
 * <p>A record becomes: the instrumentation scope named after its logger; its instant as the timestamp; its level as
 * the severity (as the OpenTelemetry agent maps it: {@code FINEST} TRACE, {@code FINER} DEBUG, {@code FINE} DEBUG2,
 * {@code CONFIG} DEBUG3, {@code INFO}, {@code WARNING} WARN, {@code SEVERE} ERROR, above it FATAL) and the level's
 * name as the severity text; the message, localized and formatted as {@link java.util.logging.Formatter#formatMessage}
 * does, as the body; {@code code.function.name}, {@code thread.id}, {@code thread.name}; and for a thrown exception
 * {@code exception.type}, {@code exception.message} and {@code exception.stacktrace} as the runtime's stack-trace
 * mode renders it (rendered here, on the logging thread).
 *
 * <p>Records of the OpenTelemetry SDK's own loggers ({@code io.opentelemetry.*}) and of this class are not bridged,
 * so that an exporter's complaint about exporting logs does not feed itself. {@link #publish} never throws: a record
 * that cannot be bridged is counted ({@link #failed()}) and the failure logged at FINE once a minute. Which records
 * reach the handler is the loggers' levels' business, as for any handler. Thread-safe.
 */
public final class JulLogBridge extends Handler {
  private static final Logger logger = Logger.getLogger(JulLogBridge.class.getName());
  private static final String SDK_LOGGERS = "io.opentelemetry.";

  private final LoggerProvider provider;
  private final StackTraceRenderer stackTraces;
  private final int maxStackTraceLength;
  private final LongAdder failed = new LongAdder();
  private final LogThrottle logThrottle = LogThrottle.everyMinute();
  private volatile boolean closed;

  private JulLogBridge(LoggerProvider provider, TracingConfig config) {
    this.provider = provider;
    this.stackTraces = StackTraceRenderer.forConfig(config); // masked on export
    this.maxStackTraceLength = config.attributeValueLengthLimit();
  }

  /**
   * Adds a bridge to the root logger of {@code java.util.logging}.
   *
   * @param provider where the records go; not null
   * @param config its stack-trace mode, frame cap and attribute value length limit say how a thrown exception's
   *     stack trace is rendered; not null
   * @return the bridge, to {@link #close} when the logs pipeline stops
   */
  public static JulLogBridge install(LoggerProvider provider, TracingConfig config) {
    JulLogBridge bridge = new JulLogBridge(requireNonNull(provider, "provider"), requireNonNull(config, "config"));
    Logger.getLogger("").addHandler(bridge);
    return bridge;
  }

  /** Emits {@code record} as a log record; never throws. */
  @Override
  public void publish(@Nullable LogRecord record) {
    if (closed || record == null || !isLoggable(record)) {
      return;
    }
    String name = record.getLoggerName();
    if (name != null && (name.startsWith(SDK_LOGGERS) || name.equals(logger.getName()))) {
      return;
    }
    try {
      emit(record, name == null ? "" : name);
    } catch (RuntimeException | LinkageError e) {
      failed.increment();
      logThrottle.log(logger, Level.FINE, "A java.util.logging record could not be bridged to the logs pipeline;"
          + " such records are counted and this is logged at most once a minute.", e);
    }
  }

  private void emit(LogRecord record, String name) {
    LogRecordBuilder builder = provider.get(name).logRecordBuilder()
        .setTimestamp(record.getInstant())
        .setSeverity(severity(record.getLevel()))
        .setSeverityText(record.getLevel().getName())
        .setBody(message(record));
    AttributesBuilder attributes = Attributes.builder();
    if (record.getSourceClassName() != null && record.getSourceMethodName() != null) {
      attributes.put(TraceguardAttributes.CODE_FUNCTION_NAME,
          record.getSourceClassName() + '.' + record.getSourceMethodName());
    }
    attributes.put(TraceguardAttributes.THREAD_ID, record.getLongThreadID());
    if (Thread.currentThread().getId() == record.getLongThreadID()) {
      attributes.put(TraceguardAttributes.THREAD_NAME, Thread.currentThread().getName());
    }
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      attributes.put(TraceguardAttributes.EXCEPTION_TYPE, thrown.getClass().getName());
      String message = thrown.getMessage();
      if (message != null) {
        attributes.put(TraceguardAttributes.EXCEPTION_MESSAGE, message);
      }
      StackTraceRenderer.Rendered stackTrace = stackTraces.render(thrown);
      if (stackTrace != null) {
        String text = stackTrace.text();
        attributes.put(TraceguardAttributes.EXCEPTION_STACKTRACE,
            text.length() <= maxStackTraceLength ? text : text.substring(0, maxStackTraceLength));
      }
    }
    builder.setAllAttributes(attributes.build()).emit();
  }

  /** The record's message, localized and with its parameters, as {@link java.util.logging.Formatter} does it. */
  static String message(LogRecord record) {
    String format = record.getMessage();
    if (format == null) {
      return "";
    }
    ResourceBundle bundle = record.getResourceBundle();
    if (bundle != null) {
      try {
        format = bundle.getString(format);
      } catch (MissingResourceException e) {
        // the key is the message
      }
    }
    Object[] parameters = record.getParameters();
    if (parameters == null || parameters.length == 0 || !hasPlaceholder(format)) {
      return format;
    }
    try {
      return MessageFormat.format(format, parameters);
    } catch (IllegalArgumentException e) {
      return format;
    }
  }

  /** JUL formats only a message with {@code {0}} to {@code {3}} in it; so does this. */
  private static boolean hasPlaceholder(String format) {
    return format.contains("{0") || format.contains("{1") || format.contains("{2") || format.contains("{3");
  }

  static Severity severity(Level level) {
    int value = level.intValue();
    if (value <= Level.FINEST.intValue()) {
      return Severity.TRACE;
    }
    if (value <= Level.FINER.intValue()) {
      return Severity.DEBUG;
    }
    if (value <= Level.FINE.intValue()) {
      return Severity.DEBUG2;
    }
    if (value <= Level.CONFIG.intValue()) {
      return Severity.DEBUG3;
    }
    if (value <= Level.INFO.intValue()) {
      return Severity.INFO;
    }
    if (value <= Level.WARNING.intValue()) {
      return Severity.WARN;
    }
    return value <= Level.SEVERE.intValue() ? Severity.ERROR : Severity.FATAL;
  }

  /** Returns how many records could not be bridged since installation. */
  public long failed() {
    return failed.sum();
  }

  /** Nothing to flush: records are handed to the logs pipeline as they come. */
  @Override
  public void flush() {
    // the SDK's log record processor batches; the runtime flushes it
  }

  /** Removes this bridge from the root logger; records published afterwards are ignored. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Logger.getLogger("").removeHandler(this);
  }
}
