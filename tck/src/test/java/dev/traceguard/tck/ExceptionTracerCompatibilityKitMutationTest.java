package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.TraceguardException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link ExceptionTracerCompatibilityKit} detects violations: a plain implementation of the rules
 * passes, and each mutant, breaking one rule, fails the cases of that rule by id.
 */
class ExceptionTracerCompatibilityKitMutationTest {

  /** The rules, written plainly; each switch breaks one of them. */
  static final class PlainTracer implements ExceptionTracer {
    boolean errorOn4xx;
    boolean unwrap;
    boolean skipErrorCode;
    boolean endSpan;

    @Override
    public void record(Span span, SpanKind kind, Throwable error, int httpStatus) {
      if (!span.isRecording()) {
        return;
      }
      Throwable recorded = unwrap && error.getCause() != null ? error.getCause() : error;
      String message;
      try {
        message = recorded.getMessage();
      } catch (RuntimeException e) {
        return;
      }
      String type = recorded.getClass().getName();
      Attributes event = message == null
          ? Attributes.of(ExceptionTracerCompatibilityKit.EXCEPTION_TYPE, type)
          : Attributes.of(ExceptionTracerCompatibilityKit.EXCEPTION_TYPE, type,
              ExceptionTracerCompatibilityKit.EXCEPTION_MESSAGE, message);
      span.addEvent(ExceptionTracerCompatibilityKit.EXCEPTION_EVENT, event);
      span.setAttribute(ExceptionTracerCompatibilityKit.ERROR_TYPE, type);
      if (recorded instanceof TraceguardException && !skipErrorCode) {
        TraceguardException coded = (TraceguardException) recorded;
        span.setAttribute(ExceptionTracerCompatibilityKit.ERROR_CODE, (long) coded.errorCode().code());
        span.setAttribute(ExceptionTracerCompatibilityKit.ERROR_DOMAIN, coded.errorCode().domain());
      }
      boolean clientError = httpStatus >= 400 && httpStatus < 500;
      if (kind != SpanKind.SERVER || !clientError || errorOn4xx) {
        span.setStatus(StatusCode.ERROR, type);
      }
      if (endSpan) {
        span.end();
      }
    }
  }

  static class Plain extends ExceptionTracerCompatibilityKit {
    @Override
    protected ExceptionTracer createExceptionTracer() {
      PlainTracer tracer = new PlainTracer();
      breakRule(tracer);
      return tracer;
    }

    void breakRule(PlainTracer tracer) {}
  }

  static class ErrorOn4xx extends Plain {
    @Override
    void breakRule(PlainTracer tracer) {
      tracer.errorOn4xx = true;
    }
  }

  static class Unwraps extends Plain {
    @Override
    void breakRule(PlainTracer tracer) {
      tracer.unwrap = true;
    }
  }

  static class SkipsErrorCode extends Plain {
    @Override
    void breakRule(PlainTracer tracer) {
      tracer.skipErrorCode = true;
    }
  }

  static class EndsSpan extends Plain {
    @Override
    void breakRule(PlainTracer tracer) {
      tracer.endSpan = true;
    }
  }

  @Test
  void plain_followsEveryRule_noFailure() {
    KitRun run = KitRun.of(Plain.class);

    assertThat(run.failures()).isEmpty();
    assertThat(run.succeeded()).isEqualTo(16L + 10L);
  }

  @Test
  void errorOn4xx_failsTheServer4xxCases() {
    assertThat(KitRun.of(ErrorOn4xx.class).failures()).containsExactlyInAnyOrder(
        "record_kindAndHttpStatus_statusAsTheTableSays: et-status-server-400 "
            + "(semconv http-spans: a SERVER span answered with 4xx stays UNSET)",
        "record_kindAndHttpStatus_statusAsTheTableSays: et-status-server-404 "
            + "(semconv http-spans: a SERVER span answered with 4xx stays UNSET)",
        "record_kindAndHttpStatus_statusAsTheTableSays: et-status-server-499 "
            + "(semconv http-spans: a SERVER span answered with 4xx stays UNSET)",
        "record_kindAndHttpStatus_statusAsTheTableSays: et-status-server-code-404 "
            + "(ExceptionTracer.record(span, kind, error): the status comes from the error code)",
        "record_clientErrorOnServerSpan_attributesWithoutErrorStatus: "
            + "et-error-code-4xx: a 4xx SERVER span stays UNSET yet carries the event and error attributes");
  }

  @Test
  void unwraps_failsTheAsGivenRule() {
    assertThat(KitRun.of(Unwraps.class).failures()).containsExactly("record_wrappedException_wrapperRecorded: "
        + "et-as-given: a wrapper is recorded as it is, never unwrapped to its cause");
  }

  @Test
  void skipsErrorCode_failsTheErrorCodeRules() {
    assertThat(KitRun.of(SkipsErrorCode.class).failures()).containsExactlyInAnyOrder(
        "record_traceguardException_errorCodeAndDomain: "
            + "et-error-code: a TraceguardException gives error.code and error.domain",
        "record_clientErrorOnServerSpan_attributesWithoutErrorStatus: "
            + "et-error-code-4xx: a 4xx SERVER span stays UNSET yet carries the event and error attributes");
  }

  @Test
  void endsSpan_failsTheSpanOpenRule() {
    assertThat(KitRun.of(EndsSpan.class).failures())
        .contains("record_recordingSpan_leftOpen: et-span-open: recording neither ends the span nor stops it recording");
  }
}
