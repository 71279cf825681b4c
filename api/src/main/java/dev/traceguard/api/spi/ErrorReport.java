package dev.traceguard.api.spi;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import org.jspecify.annotations.Nullable;

/**
 * One error recorded on a span, as an {@link ErrorListener} receives it: the throwable, its error code and the
 * span's trace context, as lowercase hexadecimal strings.
 *
 * <p>The ids are strings rather than an OpenTelemetry {@code SpanContext} so that listeners compiled against the
 * plain OpenTelemetry API still link against the drop-in jar, whose OpenTelemetry is relocated. When the error was
 * recorded on no valid span, the ids are OpenTelemetry's invalid ids (all zeros) and {@link #hasTraceContext()}
 * is false. Immutable and thread-safe, but the throwable it holds is the application's own object.
 *
 * @param error the throwable recorded, as it was thrown (never unwrapped)
 * @param errorCode the code of a {@link TraceguardException}, null for any other throwable
 * @param traceId the trace id, 32 hexadecimal digits
 * @param spanId the id of the span the error was recorded on, 16 hexadecimal digits
 * @param sampled whether the span is sampled, that is exported to the tracing back end
 */
public record ErrorReport(
    Throwable error, @Nullable ErrorCode errorCode, String traceId, String spanId, boolean sampled) {

  private static final String INVALID_TRACE_ID = "00000000000000000000000000000000";
  private static final String INVALID_SPAN_ID = "0000000000000000";

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code error}, {@code traceId} or {@code spanId} is null
   * @throws IllegalArgumentException if an id does not have its length (32 and 16 characters)
   */
  public ErrorReport {
    requireNonNull(error, "error");
    requireNonNull(traceId, "traceId");
    requireNonNull(spanId, "spanId");
    if (traceId.length() != INVALID_TRACE_ID.length()) {
      throw new IllegalArgumentException("traceId must have 32 characters, was " + traceId);
    }
    if (spanId.length() != INVALID_SPAN_ID.length()) {
      throw new IllegalArgumentException("spanId must have 16 characters, was " + spanId);
    }
  }

  /**
   * Returns a report of {@code error} with its code taken from it when it is a {@link TraceguardException}.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an id does not have its length
   */
  public static ErrorReport of(Throwable error, String traceId, String spanId, boolean sampled) {
    ErrorCode code = error instanceof TraceguardException ? ((TraceguardException) error).errorCode() : null;
    return new ErrorReport(error, code, traceId, spanId, sampled);
  }

  /** Returns true when the error was recorded on a valid span, so the ids lead to a trace. */
  public boolean hasTraceContext() {
    return !traceId.equals(INVALID_TRACE_ID) && !spanId.equals(INVALID_SPAN_ID);
  }
}
