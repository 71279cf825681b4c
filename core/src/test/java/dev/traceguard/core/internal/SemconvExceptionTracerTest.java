package dev.traceguard.core.internal;

import dev.traceguard.core.RecordingLogHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.StackTraceMode;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SemconvExceptionTracerTest {

  private static final String ISE = IllegalStateException.class.getName();

  private InMemorySpanExporter exporter;
  private SdkTracerProvider tracerProvider;
  private Tracer tracer;

  @BeforeEach
  void setUp() {
    exporter = InMemorySpanExporter.create();
    tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    tracer = tracerProvider.get("test");
  }

  @AfterEach
  void tearDown() {
    tracerProvider.close();
  }

  enum TestError implements ErrorCode {
    USER_NOT_FOUND(1001, 404),
    USER_STORE_DOWN(1002, 503);

    private final int code;
    private final int httpStatus;

    TestError(int code, int httpStatus) {
      this.code = code;
      this.httpStatus = httpStatus;
    }

    @Override
    public int code() {
      return code;
    }

    @Override
    public String domain() {
      return "USER";
    }

    @Override
    public int httpStatus() {
      return httpStatus;
    }

    @Override
    public String title() {
      return "title of " + name();
    }
  }

  /** A throwable whose getMessage() throws, as a broken subclass might. */
  static final class BrokenMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new IllegalStateException("getMessage is broken");
    }
  }

  /** A throwable whose getMessage() recurses until the stack overflows. */
  static final class RecursiveMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      return "again " + getMessage();
    }
  }

  private SpanData recordAndEnd(ExceptionTracer exceptionTracer, SpanKind kind, Throwable error, int httpStatus) {
    Span span = tracer.spanBuilder("op").setSpanKind(kind).startSpan();
    exceptionTracer.record(span, kind, error, httpStatus);
    span.end();
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static SemconvExceptionTracer tracer(StackTraceMode mode) {
    return SemconvExceptionTracer.create(mode, 50, false);
  }

  @ParameterizedTest
  @EnumSource(value = SpanKind.class, names = {"INTERNAL", "CLIENT", "PRODUCER", "CONSUMER"})
  void record_nonServerKind_statusErrorWithClassName(SpanKind kind) {
    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), kind, new IllegalStateException("boom"),
        ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getKind()).isEqualTo(kind);
    assertThat(span.getStatus()).isEqualTo(StatusData.create(StatusCode.ERROR, ISE));
    assertThat(span.getAttributes().asMap())
        .isEqualTo(Attributes.of(TraceguardAttributes.ERROR_TYPE, ISE).asMap());
  }

  @ParameterizedTest
  @EnumSource(value = SpanKind.class, names = {"INTERNAL", "CLIENT", "PRODUCER", "CONSUMER"})
  void record_nonServerKindWithHttpStatus_noStatusCodeAttributeAndError(SpanKind kind) {
    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), kind, new IllegalStateException("boom"), 404);

    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isNull();
    assertThat(span.getStatus()).isEqualTo(StatusData.create(StatusCode.ERROR, ISE));
  }

  @Test
  void record_server404_statusUnsetButEventAndAttributes() {
    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), SpanKind.SERVER, new IllegalStateException("boom"), 404);

    assertThat(span.getStatus()).isEqualTo(StatusData.unset());
    assertThat(span.getAttributes().asMap()).isEqualTo(Attributes.of(
        TraceguardAttributes.ERROR_TYPE, ISE,
        TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, 404L).asMap());
    assertThat(span.getEvents()).hasSize(1);
  }

  @Test
  void record_server500_statusErrorAndStatusCode() {
    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), SpanKind.SERVER, new IllegalStateException("boom"), 500);

    assertThat(span.getStatus()).isEqualTo(StatusData.create(StatusCode.ERROR, ISE));
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(500L);
  }

  @Test
  void record_server599_statusError() {
    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), SpanKind.SERVER, new IllegalStateException("boom"), 599);

    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(599L);
  }

  @Test
  void record_serverNoHttpStatus_statusErrorAndNoStatusCode() {
    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), SpanKind.SERVER, new IllegalStateException("boom"),
        ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getStatus()).isEqualTo(StatusData.create(StatusCode.ERROR, ISE));
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isNull();
  }

  @Test
  void record_server404WithServerErrorOn4xx_statusError() {
    SemconvExceptionTracer exceptionTracer = SemconvExceptionTracer.create(StackTraceMode.NONE, 50, true);

    SpanData span = recordAndEnd(exceptionTracer, SpanKind.SERVER, new IllegalStateException("boom"), 404);

    assertThat(span.getStatus()).isEqualTo(StatusData.create(StatusCode.ERROR, ISE));
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(404L);
  }

  @Test
  void record_server400And499_statusUnset() {
    SemconvExceptionTracer exceptionTracer = tracer(StackTraceMode.NONE);

    assertThat(recordAndEnd(exceptionTracer, SpanKind.SERVER, new IllegalStateException(), 400).getStatus())
        .isEqualTo(StatusData.unset());
    exporter.reset();
    assertThat(recordAndEnd(exceptionTracer, SpanKind.SERVER, new IllegalStateException(), 499).getStatus())
        .isEqualTo(StatusData.unset());
  }

  @Test
  void record_server3xxWithServerErrorOn4xx_statusUnset() {
    SemconvExceptionTracer exceptionTracer = SemconvExceptionTracer.create(StackTraceMode.NONE, 50, true);

    SpanData span = recordAndEnd(exceptionTracer, SpanKind.SERVER, new IllegalStateException("boom"), 302);

    assertThat(span.getStatus()).isEqualTo(StatusData.unset());
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(302L);
  }

  @Test
  void record_serverStatusOutOfRange_noStatusCodeAttribute() {
    SemconvExceptionTracer exceptionTracer = tracer(StackTraceMode.NONE);

    SpanData high = recordAndEnd(exceptionTracer, SpanKind.SERVER, new IllegalStateException(), 600);
    exporter.reset();
    SpanData low = recordAndEnd(exceptionTracer, SpanKind.SERVER, new IllegalStateException(), 99);

    assertThat(high.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isNull();
    assertThat(high.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(low.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isNull();
    assertThat(low.getStatus()).isEqualTo(StatusData.unset());
  }

  @Test
  void record_traceguardException_errorCodeAndDomain() {
    TraceguardException error = new TraceguardException(TestError.USER_STORE_DOWN, "try later", "db user42", null);

    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), SpanKind.SERVER, error, 503);

    assertThat(span.getAttributes().asMap()).isEqualTo(Attributes.builder()
        .put(TraceguardAttributes.ERROR_TYPE, TraceguardException.class.getName())
        .put(TraceguardAttributes.ERROR_CODE, 1002L)
        .put(TraceguardAttributes.ERROR_DOMAIN, "USER")
        .put(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, 503L)
        .build().asMap());
    assertThat(span.getStatus()).isEqualTo(StatusData.create(StatusCode.ERROR, TraceguardException.class.getName()));
    assertThat(span.getEvents().get(0).getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE))
        .isEqualTo("db user42");
  }

  @Test
  void record_traceguardExceptionWithoutHttpStatus_statusTakenFromCode() {
    TraceguardException error = new TraceguardException(TestError.USER_NOT_FOUND);
    Span span = tracer.spanBuilder("op").setSpanKind(SpanKind.SERVER).startSpan();

    tracer(StackTraceMode.NONE).record(span, SpanKind.SERVER, error);
    span.end();

    SpanData data = exporter.getFinishedSpanItems().get(0);
    assertThat(data.getStatus()).isEqualTo(StatusData.unset());
    assertThat(data.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(404L);
    assertThat(data.getAttributes().get(TraceguardAttributes.ERROR_CODE)).isEqualTo(1001L);
  }

  @Test
  void record_plainException_noErrorCodeOrDomain() {
    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), SpanKind.INTERNAL, new IllegalStateException("x"),
        ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_CODE)).isNull();
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_DOMAIN)).isNull();
  }

  @Test
  void record_modeNone_oneEventWithTypeAndMessageOnly() {
    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), SpanKind.INTERNAL, new IllegalStateException("boom"),
        ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getEvents()).hasSize(1);
    EventData event = span.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("exception");
    assertThat(event.getAttributes().asMap()).isEqualTo(Attributes.of(
        TraceguardAttributes.EXCEPTION_TYPE, ISE,
        TraceguardAttributes.EXCEPTION_MESSAGE, "boom").asMap());
  }

  @Test
  void record_modeFull_stacktraceIsPrintStackTrace() {
    IllegalStateException error = new IllegalStateException("boom", new IllegalArgumentException("cause"));

    SpanData span = recordAndEnd(tracer(StackTraceMode.FULL), SpanKind.INTERNAL, error,
        ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getEvents()).hasSize(1);
    assertThat(span.getEvents().get(0).getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE))
        .isEqualTo(StackTraces.full(error));
  }

  @Test
  void record_modeSanitized_stacktraceIsSanitizedWithConfiguredFrames() {
    IllegalStateException error = new IllegalStateException("boom");
    error.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("com.acme.A", "a", "A.java", 1),
        new StackTraceElement("com.acme.B", "b", "B.java", 2),
        new StackTraceElement("com.acme.C", "c", "C.java", 3)});
    SemconvExceptionTracer exceptionTracer = SemconvExceptionTracer.create(StackTraceMode.SANITIZED, 2, false);

    SpanData span = recordAndEnd(exceptionTracer, SpanKind.INTERNAL, error, ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getEvents().get(0).getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE))
        .isEqualTo("java.lang.IllegalStateException: boom\n"
            + "\tat com.acme.A.a(A.java:1)\n"
            + "\tat com.acme.B.b(B.java:2)\n"
            + "\t... 1 more\n");
  }

  @Test
  void record_nullMessage_noMessageAttribute() {
    SpanData span = recordAndEnd(tracer(StackTraceMode.NONE), SpanKind.INTERNAL, new IllegalStateException(),
        ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getEvents().get(0).getAttributes().asMap())
        .isEqualTo(Attributes.of(TraceguardAttributes.EXCEPTION_TYPE, ISE).asMap());
  }

  @Test
  void record_nonRecordingSpan_nothingHappens() {
    SemconvExceptionTracer exceptionTracer = tracer(StackTraceMode.FULL);
    Span span = Span.getInvalid();

    // A broken getMessage() would be counted as a failure if the recording check did not come first.
    exceptionTracer.record(span, SpanKind.SERVER, new BrokenMessageException(), 500);

    assertThat(exceptionTracer.failedRecordings()).isZero();
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void record_unsampledSdkSpan_nothingExported() {
    SdkTracerProvider neverSample = SdkTracerProvider.builder()
        .setSampler(Sampler.alwaysOff())
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
    Span span = neverSample.get("test").spanBuilder("op").startSpan();
    SemconvExceptionTracer exceptionTracer = tracer(StackTraceMode.FULL);

    exceptionTracer.record(span, SpanKind.INTERNAL, new BrokenMessageException(), ExceptionTracer.NO_HTTP_STATUS);
    span.end();
    neverSample.close();

    // The broken getMessage() is never called: the recording check comes first.
    assertThat(exceptionTracer.failedRecordings()).isZero();
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void record_getMessageThrows_noExceptionCountedAndSpanUntouched() {
    SemconvExceptionTracer exceptionTracer = tracer(StackTraceMode.SANITIZED);

    SpanData span = recordAndEnd(exceptionTracer, SpanKind.SERVER, new BrokenMessageException(), 500);

    assertThat(exceptionTracer.failedRecordings()).isEqualTo(1);
    assertThat(span.getEvents()).isEmpty();
    assertThat(span.getAttributes().isEmpty()).isTrue();
    assertThat(span.getStatus()).isEqualTo(StatusData.unset());
  }

  @Test
  void record_getMessageOverflowsStack_noExceptionAndCounted() {
    SemconvExceptionTracer exceptionTracer = tracer(StackTraceMode.NONE);

    SpanData span = recordAndEnd(exceptionTracer, SpanKind.INTERNAL, new RecursiveMessageException(),
        ExceptionTracer.NO_HTTP_STATUS);

    assertThat(exceptionTracer.failedRecordings()).isEqualTo(1);
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void record_repeatedFailures_eachCountedButLoggedOnce() {
    Logger logger = Logger.getLogger(SemconvExceptionTracer.class.getName());
    RecordingLogHandler handler = new RecordingLogHandler();
    List<LogRecord> records = handler.records();
    Level previousLevel = logger.getLevel();
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
    try {
      SemconvExceptionTracer exceptionTracer = tracer(StackTraceMode.NONE);
      Span span = tracer.spanBuilder("op").startSpan();

      exceptionTracer.record(span, SpanKind.INTERNAL, new BrokenMessageException(), ExceptionTracer.NO_HTTP_STATUS);
      exceptionTracer.record(span, SpanKind.INTERNAL, new BrokenMessageException(), ExceptionTracer.NO_HTTP_STATUS);
      exceptionTracer.record(span, SpanKind.INTERNAL, new BrokenMessageException(), ExceptionTracer.NO_HTTP_STATUS);
      span.end();

      assertThat(exceptionTracer.failedRecordings()).isEqualTo(3);
      assertThat(records).hasSize(1);
      assertThat(records.get(0).getLevel()).isEqualTo(Level.FINE);
      assertThat(records.get(0).getThrown()).isInstanceOf(IllegalStateException.class)
          .hasMessage("getMessage is broken");
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(previousLevel);
    }
  }

  @Test
  void create_nonPositiveMaxFrames_throwsNamingField() {
    assertThatThrownBy(() -> SemconvExceptionTracer.create(StackTraceMode.SANITIZED, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFrames must be positive, was 0");
  }

  @Test
  void create_nullMode_throwsNamingField() {
    StackTraceMode mode = null;
    assertThatThrownBy(() -> SemconvExceptionTracer.create(mode, 50, false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mode");
  }
}
