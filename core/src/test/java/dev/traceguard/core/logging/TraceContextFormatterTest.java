package dev.traceguard.core.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;

class TraceContextFormatterTest {
  private static final Span SPAN = Span.wrap(SpanContext.create(
      "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));

  /** Formats the message alone, so the assertions see exactly what the wrapper adds. */
  public static final class MessageOnly extends Formatter {
    /** Created by TraceContextFormatter from the LogManager property. */
    public MessageOnly() {}

    @Override
    public String format(LogRecord record) {
      return formatMessage(record) + "\n";
    }

    @Override
    public String getHead(Handler h) {
      return "<head>";
    }

    @Override
    public String getTail(Handler h) {
      return "<tail>";
    }
  }

  /** A handler over a real logger, as a server's logging.properties would configure it. */
  private static String logThrough(Formatter formatter, Runnable logging) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamHandler handler = new StreamHandler(out, formatter);
    Logger logger = Logger.getLogger("dev.traceguard.test.formatter");
    logger.setUseParentHandlers(false);
    logger.addHandler(handler);
    try {
      logging.run();
    } finally {
      logger.removeHandler(handler);
      handler.close();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void linesLoggedInASpanStartWithItsContext() {
    Logger logger = Logger.getLogger("dev.traceguard.test.formatter");
    String output = logThrough(new TraceContextFormatter(new MessageOnly()), () -> {
      try (Scope scope = SPAN.makeCurrent()) {
        logger.log(Level.INFO, "order {0} placed", 42);
      }
      logger.info("outside");
    });

    assertThat(output).isEqualTo("<head>"
        + "trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 trace_flags=01 order 42 placed\n"
        + "outside\n<tail>");
  }

  @Test
  void theDelegateComesFromTheLogManagerProperty() throws Exception {
    LogManager manager = LogManager.getLogManager();
    String properties = TraceContextFormatter.DELEGATE_PROPERTY + "=" + MessageOnly.class.getName() + "\n";
    manager.readConfiguration(new ByteArrayInputStream(properties.getBytes(StandardCharsets.ISO_8859_1)));
    try {
      Formatter formatter = new TraceContextFormatter();
      LogRecord record = new LogRecord(Level.INFO, "configured");
      try (Scope scope = SPAN.makeCurrent()) {
        assertThat(formatter.format(record)).isEqualTo(
            "trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 trace_flags=01 configured\n");
      }
      assertThat(formatter.getHead(new StreamHandler())).isEqualTo("<head>");
    } finally {
      manager.readConfiguration();
    }
  }

  @Test
  void consoleHandler_theCorrelationPagesLoggingProperties_prefixesSimpleFormattersLine() throws Exception {
    LogManager manager = LogManager.getLogManager();
    try (InputStream in = TraceContextFormatterTest.class.getResourceAsStream("/docs/logging.properties")) {
      manager.readConfiguration(in);
    }
    try {
      Formatter formatter = new ConsoleHandler().getFormatter();
      LogRecord record = new LogRecord(Level.INFO, "order 42 placed");
      try (Scope scope = SPAN.makeCurrent()) {
        assertThat(formatter.format(record)).isEqualTo(
            "trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 trace_flags=01 "
                + new SimpleFormatter().format(record));
      }
    } finally {
      manager.readConfiguration();
    }
  }

  @Test
  void anUnusableDelegateFallsBackToSimpleFormatter() throws Exception {
    LogManager manager = LogManager.getLogManager();
    String properties = TraceContextFormatter.DELEGATE_PROPERTY + "=com.example.NoSuchFormatter\n";
    manager.readConfiguration(new ByteArrayInputStream(properties.getBytes(StandardCharsets.ISO_8859_1)));
    try {
      LogRecord record = new LogRecord(Level.WARNING, "fallback");
      String expected = new SimpleFormatter().format(record);
      assertThat(new TraceContextFormatter().format(record)).isEqualTo(expected);
    } finally {
      manager.readConfiguration();
    }
  }

  @Test
  void noSpanNoPrefixAndNullDelegateRejected() {
    assertThat(TraceContextFormatter.currentPrefix()).isEmpty();
    assertThatNullPointerException().isThrownBy(() -> new TraceContextFormatter(null)).withMessage("delegate");
  }
}
