package dev.traceguard.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import org.junit.jupiter.api.Test;

class ErrorReportTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  /** Record components satisfy ErrorCode's accessors. */
  record Code(int code, String domain, int httpStatus, String title) implements ErrorCode {}

  private static final Code DECLINED = new Code(2001, "PAYMENT", 402, "Card declined");

  @Test
  void ofTakesTheCodeOfATraceguardException() {
    TraceguardException error = new TraceguardException(DECLINED);

    ErrorReport report = ErrorReport.of(error, TRACE_ID, SPAN_ID, true);

    assertThat(report.error()).isSameAs(error);
    assertThat(report.errorCode()).isSameAs(DECLINED);
    assertThat(report.traceId()).isEqualTo(TRACE_ID);
    assertThat(report.spanId()).isEqualTo(SPAN_ID);
    assertThat(report.sampled()).isTrue();
    assertThat(report.hasTraceContext()).isTrue();
  }

  @Test
  void otherThrowablesHaveNoCode() {
    ErrorReport report = ErrorReport.of(new IllegalStateException("boom"), TRACE_ID, SPAN_ID, false);

    assertThat(report.errorCode()).isNull();
    assertThat(report.sampled()).isFalse();
  }

  @Test
  void invalidIdsMeanNoTraceContext() {
    ErrorReport noTrace = ErrorReport.of(new RuntimeException(), "0".repeat(32), SPAN_ID, false);
    ErrorReport noSpan = ErrorReport.of(new RuntimeException(), TRACE_ID, "0".repeat(16), false);

    assertThat(noTrace.hasTraceContext()).isFalse();
    assertThat(noSpan.hasTraceContext()).isFalse();
  }

  @Test
  void rejectsNullsAndIdsOfTheWrongLength() {
    RuntimeException error = new RuntimeException();
    assertThatThrownBy(() -> new ErrorReport(null, null, TRACE_ID, SPAN_ID, true))
        .isInstanceOf(NullPointerException.class).hasMessage("error");
    assertThatThrownBy(() -> new ErrorReport(error, null, null, SPAN_ID, true))
        .isInstanceOf(NullPointerException.class).hasMessage("traceId");
    assertThatThrownBy(() -> new ErrorReport(error, null, TRACE_ID, null, true))
        .isInstanceOf(NullPointerException.class).hasMessage("spanId");
    assertThatThrownBy(() -> ErrorReport.of(error, "abc", SPAN_ID, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("traceId must have 32 characters, was abc");
    assertThatThrownBy(() -> ErrorReport.of(error, TRACE_ID, "abc", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("spanId must have 16 characters, was abc");
  }
}
