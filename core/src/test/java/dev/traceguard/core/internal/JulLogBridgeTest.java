package dev.traceguard.core.internal;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.util.ListResourceBundle;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JulLogBridgeTest {
  private static final Logger appLogger = Logger.getLogger("com.example.Bridged");

  private final InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
  private final SdkLoggerProvider provider = SdkLoggerProvider.builder()
      .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
  private final JulLogBridge bridge = JulLogBridge.install(provider,
      TracingConfig.builder().setServiceName("t").build());

  @AfterEach
  void tearDown() {
    bridge.close();
    provider.close();
  }

  private LogRecordData only() {
    List<LogRecordData> records = exporter.getFinishedLogRecordItems();
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  @Test
  void publish_messageWithParameters_formattedBodySeverityScopeAndSource() {
    appLogger.log(Level.INFO, "Order {0} placed by {1}", new Object[] {"42", "alice"});

    LogRecordData record = only();
    assertThat(record)
        .hasBody("Order 42 placed by alice")
        .hasSeverity(Severity.INFO)
        .hasSeverityText("INFO")
        .hasInstrumentationScope(io.opentelemetry.sdk.common.InstrumentationScopeInfo.create("com.example.Bridged"));
    assertThat(record.getAttributes().get(AttributeKey.stringKey("code.function.name")))
        .isEqualTo(JulLogBridgeTest.class.getName() + ".publish_messageWithParameters_formattedBodySeverityScopeAndSource");
    assertThat(record.getAttributes().get(AttributeKey.longKey("thread.id"))).isEqualTo(Thread.currentThread().getId());
    assertThat(record.getAttributes().get(AttributeKey.stringKey("thread.name")))
        .isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void publish_insideSpan_carriesItsContext() {
    SpanContext context = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        TraceFlags.getSampled(), TraceState.getDefault());
    try (Scope ignored = Context.root().with(Span.wrap(context)).makeCurrent()) {
      appLogger.warning("inside");
    }

    assertThat(only().getSpanContext()).isEqualTo(context);
  }

  @Test
  void publish_thrown_exceptionAttributesRenderedUnmasked() {
    appLogger.log(Level.SEVERE, "failed", new IllegalStateException("for alice@example.com"));

    LogRecordData record = only();
    assertThat(record).hasSeverity(Severity.ERROR);
    assertThat(record.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(record.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("for alice@example.com"); // masked on export, not here
    assertThat(record.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .startsWith("java.lang.IllegalStateException: for alice@example.com")
        .contains("publish_thrown_exceptionAttributesRenderedUnmasked");
  }

  @Test
  void publish_sdkAndOwnLoggers_notBridged() {
    Logger.getLogger("io.opentelemetry.sdk.logs.Something").warning("sdk");
    Logger.getLogger(JulLogBridge.class.getName()).warning("own");

    assertThat(exporter.getFinishedLogRecordItems()).isEmpty();
  }

  @Test
  void publish_localizedMessage_takenFromItsBundle() {
    LogRecord record = new LogRecord(Level.INFO, "greeting");
    record.setLoggerName("com.example.Bridged");
    record.setParameters(new Object[] {"Bob"});
    record.setResourceBundle(new ListResourceBundle() {
      @Override
      protected Object[][] getContents() {
        return new Object[][] {{"greeting", "Hello {0}"}};
      }
    });

    bridge.publish(record);

    assertThat(only()).hasBody("Hello Bob");
  }

  @Test
  void message_noPlaceholderOrBadPattern_messageAsItIs() {
    LogRecord plain = new LogRecord(Level.INFO, "50% done");
    plain.setParameters(new Object[] {"x"});
    LogRecord bad = new LogRecord(Level.INFO, "{0");
    bad.setParameters(new Object[] {"x"});
    LogRecord none = new LogRecord(Level.INFO, null);

    assertThat(JulLogBridge.message(plain)).isEqualTo("50% done");
    assertThat(JulLogBridge.message(bad)).isEqualTo("{0");
    assertThat(JulLogBridge.message(none)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"FINEST,TRACE", "FINER,DEBUG", "FINE,DEBUG2", "CONFIG,DEBUG3", "INFO,INFO", "WARNING,WARN",
      "SEVERE,ERROR", "OFF,FATAL"})
  void severity_eachLevel_mappedAsTheAgentDoes(String level, Severity expected) {
    assertThat(JulLogBridge.severity(Level.parse(level))).isEqualTo(expected);
  }

  @Test
  void publish_providerThrows_countedNeverThrown() {
    LoggerProvider failing = name -> {
      throw new IllegalStateException("broken provider");
    };
    JulLogBridge broken = JulLogBridge.install(failing,
        TracingConfig.builder().setServiceName("t").build());
    try {
      appLogger.info("lost");

      assertThat(broken.failed()).isEqualTo(1);
    } finally {
      broken.close();
    }
  }

  @Test
  void close_removedFromRootLoggerAndLaterRecordsIgnored() {
    bridge.close();
    bridge.close();

    assertThat(Logger.getLogger("").getHandlers()).doesNotContain(bridge);
    bridge.publish(new LogRecord(Level.SEVERE, "late"));
    assertThat(exporter.getFinishedLogRecordItems()).isEmpty();
  }
}
