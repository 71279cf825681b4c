package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.TraceguardException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Holds an {@link ExceptionTracer} to the recording rules of its contract: one {@code exception} event with the
 * throwable's type and message, the {@code error.type} attribute, {@code error.code} and {@code error.domain} for a
 * {@link TraceguardException}, the span status per span kind and HTTP status (the table {@code
 * exception-status.tsv}: a 4xx leaves a SERVER span UNSET), the throwable recorded as given, the span left open, and
 * no exception ever thrown.
 *
 * <p>Each test's display name starts with its case id ({@code et-...}). The kit records on spans of a real
 * OpenTelemetry SDK with an in-memory exporter, so the implementation under test must write through the {@link Span}
 * API only.
 *
 * <p>Extend it in a test class and implement {@link #createExceptionTracer()}; JUnit creates one instance per test.
 */
public abstract class ExceptionTracerCompatibilityKit {

  static final String STATUS_CASES = "exception-status.tsv";

  /** The attribute keys the rules name; declared here so that the kit depends on no implementation. */
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<Long> ERROR_CODE = AttributeKey.longKey("error.code");
  static final AttributeKey<String> ERROR_DOMAIN = AttributeKey.stringKey("error.domain");
  static final String EXCEPTION_EVENT = "exception";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final Tracer tracer = tracerProvider.get("dev.traceguard.tck");
  private ExceptionTracer exceptionTracer = ExceptionTracer.noop();

  /** For subclasses. */
  protected ExceptionTracerCompatibilityKit() {}

  /**
   * Returns the exception tracer under test, configured as Traceguard's defaults are: a 4xx answer leaves a SERVER
   * span's status UNSET. The stack-trace setting is free. Called before each test.
   *
   * @return an exception tracer, not null
   */
  protected abstract ExceptionTracer createExceptionTracer();

  @BeforeEach
  void createTracerUnderTest() {
    exceptionTracer = createExceptionTracer();
  }

  @AfterEach
  void closeSdk() {
    tracerProvider.close();
  }

  @TestFactory
  Stream<DynamicTest> record_kindAndHttpStatus_statusAsTheTableSays() {
    return CaseFile.read(ExceptionTracerCompatibilityKit.class, STATUS_CASES,
            List.of("id", "rule", "kind", "error", "http", "status"))
        .stream()
        .map(row -> DynamicTest.dynamicTest(row.get(0) + " (" + row.get(1) + ")", () -> {
          exporter.reset(); // the dynamic tests of one factory share this instance, hence its exporter
          SpanKind kind = SpanKind.valueOf(row.get(2));
          Throwable error = throwable(row.get(3));
          Span span = tracer.spanBuilder("op").setSpanKind(kind).startSpan();
          if (row.get(4).equals("from-error")) {
            exceptionTracer.record(span, kind, error);
          } else {
            exceptionTracer.record(span, kind, error, Integer.parseInt(row.get(4)));
          }
          span.end();

          SpanData data = onlySpan();
          assertThat(data.getStatus().getStatusCode()).as("%s: status", row.get(0))
              .isEqualTo(StatusCode.valueOf(row.get(5)));
          assertThat(data.getEvents()).as("%s: an exception event, whatever the status", row.get(0))
              .extracting(EventData::getName).containsExactly(EXCEPTION_EVENT);
          assertThat(data.getAttributes().get(ERROR_TYPE)).as("%s: error.type, whatever the status", row.get(0))
              .isEqualTo(error.getClass().getName());
        }));
  }

  @Test
  @DisplayName("et-event: one exception event with exception.type and exception.message")
  void record_plainException_oneEventWithTypeAndMessage() {
    SpanData span = recordAndEnd(SpanKind.INTERNAL, new IllegalStateException("boom"), ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getEvents()).hasSize(1);
    EventData event = span.getEvents().get(0);
    assertThat(event.getName()).isEqualTo(EXCEPTION_EVENT);
    assertThat(event.getAttributes().get(EXCEPTION_TYPE)).isEqualTo("java.lang.IllegalStateException");
    assertThat(event.getAttributes().get(EXCEPTION_MESSAGE)).isEqualTo("boom");
  }

  @Test
  @DisplayName("et-event-no-message: a throwable without message gives no exception.message")
  void record_nullMessage_noMessageAttribute() {
    SpanData span = recordAndEnd(SpanKind.INTERNAL, new IllegalStateException(), ExceptionTracer.NO_HTTP_STATUS);

    EventData event = span.getEvents().get(0);
    assertThat(event.getAttributes().get(EXCEPTION_TYPE)).isEqualTo("java.lang.IllegalStateException");
    assertThat(event.getAttributes().get(EXCEPTION_MESSAGE)).isNull();
  }

  @Test
  @DisplayName("et-error-type: error.type is the throwable's class name")
  void record_checkedException_errorTypeIsClassName() {
    SpanData span = recordAndEnd(SpanKind.CLIENT, new IOException("disk"), ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("java.io.IOException");
  }

  @Test
  @DisplayName("et-error-code: a TraceguardException gives error.code and error.domain")
  void record_traceguardException_errorCodeAndDomain() {
    TraceguardException error = new TraceguardException(KitErrorCode.UNAVAILABLE, "store down");

    SpanData span = recordAndEnd(SpanKind.INTERNAL, error, ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getAttributes().get(ERROR_CODE)).isEqualTo(5030L);
    assertThat(span.getAttributes().get(ERROR_DOMAIN)).isEqualTo(KitErrorCode.DOMAIN);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(TraceguardException.class.getName());
    assertThat(span.getEvents().get(0).getAttributes().get(EXCEPTION_MESSAGE)).isEqualTo("store down");
  }

  @Test
  @DisplayName("et-error-code-4xx: a 4xx SERVER span stays UNSET yet carries the event and error attributes")
  void record_clientErrorOnServerSpan_attributesWithoutErrorStatus() {
    TraceguardException error = new TraceguardException(KitErrorCode.NOT_FOUND, "no such order");

    SpanData span = recordAndEnd(SpanKind.SERVER, error, 404);

    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(ERROR_CODE)).isEqualTo(4040L);
    assertThat(span.getAttributes().get(ERROR_DOMAIN)).isEqualTo(KitErrorCode.DOMAIN);
    assertThat(span.getEvents()).extracting(EventData::getName).containsExactly(EXCEPTION_EVENT);
  }

  @Test
  @DisplayName("et-no-code: any other throwable gives no error.code nor error.domain")
  void record_plainException_noErrorCodeAttributes() {
    SpanData span = recordAndEnd(SpanKind.INTERNAL, new IllegalArgumentException("x"), ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getAttributes().get(ERROR_CODE)).isNull();
    assertThat(span.getAttributes().get(ERROR_DOMAIN)).isNull();
  }

  @Test
  @DisplayName("et-as-given: a wrapper is recorded as it is, never unwrapped to its cause")
  void record_wrappedException_wrapperRecorded() {
    RuntimeException wrapper = new RuntimeException("wrapper", new TraceguardException(KitErrorCode.NOT_FOUND));

    SpanData span = recordAndEnd(SpanKind.INTERNAL, wrapper, ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("java.lang.RuntimeException");
    assertThat(span.getAttributes().get(ERROR_CODE)).isNull();
    assertThat(span.getEvents().get(0).getAttributes().get(EXCEPTION_MESSAGE)).isEqualTo("wrapper");
  }

  @Test
  @DisplayName("et-span-open: recording neither ends the span nor stops it recording")
  void record_recordingSpan_leftOpen() {
    Span span = tracer.spanBuilder("op").startSpan();

    exceptionTracer.record(span, SpanKind.INTERNAL, new IllegalStateException("boom"), ExceptionTracer.NO_HTTP_STATUS);

    assertThat(span.isRecording()).isTrue();
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    span.end();
    assertThat(exporter.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  @DisplayName("et-not-recording: a non-recording span is left alone without a failure")
  void record_nonRecordingSpan_returnsNormally() {
    assertThatCode(() -> exceptionTracer.record(Span.getInvalid(), SpanKind.SERVER, new IllegalStateException("x"),
        500)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("et-never-throws: a throwable whose getMessage() throws does not make record throw")
  void record_messageThrows_returnsNormally() {
    RuntimeException hostile = new RuntimeException() {
      private static final long serialVersionUID = 1L;

      @Override
      public String getMessage() {
        throw new IllegalStateException("getMessage is broken");
      }
    };
    Span span = tracer.spanBuilder("op").startSpan();

    assertThatCode(() -> exceptionTracer.record(span, SpanKind.INTERNAL, hostile, ExceptionTracer.NO_HTTP_STATUS))
        .doesNotThrowAnyException();
    span.end();
    assertThat(exporter.getFinishedSpanItems()).hasSize(1);
  }

  private SpanData recordAndEnd(SpanKind kind, Throwable error, int httpStatus) {
    Span span = tracer.spanBuilder("op").setSpanKind(kind).startSpan();
    exceptionTracer.record(span, kind, error, httpStatus);
    span.end();
    return onlySpan();
  }

  private SpanData onlySpan() {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static Throwable throwable(String name) {
    switch (name) {
      case "plain":
        return new IllegalStateException("boom");
      case "code-404":
        return new TraceguardException(KitErrorCode.NOT_FOUND, "no such order");
      case "code-503":
        return new TraceguardException(KitErrorCode.UNAVAILABLE, "store down");
      default:
        throw new IllegalStateException(STATUS_CASES + ": unknown error '" + name + "'");
    }
  }
}
