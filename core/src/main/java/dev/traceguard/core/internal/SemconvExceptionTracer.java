package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.StackTraceMode;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.core.LogThrottle;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ExceptionTracer} that follows the OpenTelemetry semantic conventions for exceptions and HTTP spans.
 *
 * <p>On a recording span, {@link #record(Span, SpanKind, Throwable, int)} adds one {@code exception} event
 * ({@code exception.type}, {@code exception.message} when not null, {@code exception.stacktrace} as the {@link
 * StackTraceMode} says), sets {@code error.type} and, for a {@link TraceguardException}, {@code error.code} and
 * {@code error.domain}; on a SERVER span it also sets {@code http.response.status_code} when the status is in
 * [100, 599]. The status becomes ERROR, described by the exception's class name, for INTERNAL, CLIENT, PRODUCER
 * and CONSUMER spans, and for SERVER spans when the HTTP status is 5xx or unknown ({@link
 * ExceptionTracer#NO_HTTP_STATUS}), or 4xx if so configured; otherwise it stays UNSET.
 *
 * <p>The message is recorded raw: masking personal data and stripping paths happen on the export path, never on
 * the request thread. A tracer {@linkplain #createDeferred deferring} the stack trace records, on a span of the
 * runtime's own SDK, through {@code recordException}, whose event keeps the throwable, and leaves the text of {@code
 * exception.stacktrace} to the export thread ({@link DeferredStackTraces}); otherwise {@link Span#recordException}
 * is not used, because it writes the full stack trace whatever the mode.
 *
 * <p>Thread-safe and immutable apart from the failure counter.
 */
public final class SemconvExceptionTracer implements ExceptionTracer {

  private static final Logger logger = Logger.getLogger(SemconvExceptionTracer.class.getName());

  private final StackTraceMode mode;
  private final int maxFrames;
  private final boolean serverErrorOn4xx;
  private final boolean deferStackTrace;
  private final LongAdder failedRecordings = new LongAdder();
  private final LogThrottle logThrottle = LogThrottle.everyMinute();

  private SemconvExceptionTracer(StackTraceMode mode, int maxFrames, boolean serverErrorOn4xx,
      boolean deferStackTrace) {
    this.mode = mode;
    this.maxFrames = maxFrames;
    this.serverErrorOn4xx = serverErrorOn4xx;
    this.deferStackTrace = deferStackTrace;
  }

  /**
   * Returns a tracer with the given settings, as {@code TracingConfig} holds them.
   *
   * @param mode what the {@code exception.stacktrace} attribute holds, not null
   * @param maxFrames the most frames per throwable in mode {@link StackTraceMode#SANITIZED}, positive (checked in
   *     every mode, so a configuration error shows up whatever the mode)
   * @param serverErrorOn4xx true to set ERROR on SERVER spans answered with a 4xx, which the semantic conventions
   *     leave UNSET
   * @return a new tracer, never null
   * @throws NullPointerException if {@code mode} is null
   * @throws IllegalArgumentException if {@code maxFrames} is not positive
   */
  public static SemconvExceptionTracer create(StackTraceMode mode, int maxFrames, boolean serverErrorOn4xx) {
    return new SemconvExceptionTracer(checkedMode(mode, maxFrames), maxFrames, serverErrorOn4xx, false);
  }

  /**
   * Returns a tracer like {@link #create} that, on spans of the runtime's own SDK (instrumentation scope {@value
   * dev.traceguard.core.TracingRuntime#INSTRUMENTATION_SCOPE}, whose provider {@link DeferredStackTraces} set up),
   * leaves {@code exception.stacktrace} to the export path; on any other span it records as {@link #create}'s does.
   *
   * @throws NullPointerException if {@code mode} is null
   * @throws IllegalArgumentException if {@code maxFrames} is not positive
   */
  public static SemconvExceptionTracer createDeferred(StackTraceMode mode, int maxFrames, boolean serverErrorOn4xx) {
    return new SemconvExceptionTracer(checkedMode(mode, maxFrames), maxFrames, serverErrorOn4xx, true);
  }

  private static StackTraceMode checkedMode(StackTraceMode mode, int maxFrames) {
    requireNonNull(mode, "mode");
    if (maxFrames <= 0) {
      throw new IllegalArgumentException("maxFrames must be positive, was " + maxFrames);
    }
    return mode;
  }

  /**
   * Records {@code error} on {@code span} as the class description says.
   *
   * <p>Returns at once, doing nothing, when the span is not recording. Never throws: a failure while recording (a
   * throwable whose {@code getMessage()} throws, even a {@link StackOverflowError} from a recursive one) is counted
   * in {@link #failedRecordings()}, logged at {@code FINE} at most once a minute, and leaves the span as it was.
   * Thread-safe; does not block.
   *
   * @param span the span to record on; may be non-recording
   * @param kind the span's kind, which decides the status
   * @param error the throwable, recorded as it is (never unwrapped)
   * @param httpStatus the HTTP status the request answers with, or {@link ExceptionTracer#NO_HTTP_STATUS}
   */
  @Override
  public void record(Span span, SpanKind kind, Throwable error, int httpStatus) {
    try {
      if (!span.isRecording()) {
        return;
      }
      // Everything the throwable computes is gathered before the span changes, so a throwing getMessage() leaves
      // the span untouched rather than half recorded.
      String type = error.getClass().getName();
      String message = error.getMessage();
      boolean deferred = deferStackTrace && mode != StackTraceMode.NONE && isRuntimeSpan(span);
      @Nullable Attributes event =
          deferred ? null : eventAttributes(type, message, StackTraces.render(mode, error, maxFrames));
      ErrorCode code = error instanceof TraceguardException ? ((TraceguardException) error).errorCode() : null;
      boolean server = kind == SpanKind.SERVER;

      if (event == null) {
        span.recordException(error); // type and message now; the stack trace on the export thread
      } else {
        span.addEvent(TraceguardAttributes.EXCEPTION_EVENT, event);
      }
      span.setAttribute(TraceguardAttributes.ERROR_TYPE, type);
      if (code != null) {
        span.setAttribute(TraceguardAttributes.ERROR_CODE, (long) code.code());
        span.setAttribute(TraceguardAttributes.ERROR_DOMAIN, code.domain());
      }
      if (server && httpStatus >= 100 && httpStatus <= 599) {
        span.setAttribute(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, (long) httpStatus);
      }
      if (!server || isServerError(httpStatus)) {
        // The class name, never the message: a message may hold personal data, and the status is not masked.
        span.setStatus(StatusCode.ERROR, type);
      }
    } catch (RuntimeException | StackOverflowError e) {
      onFailure(e);
    }
  }

  private static Attributes eventAttributes(String type, @Nullable String message, @Nullable String stackTrace) {
    AttributesBuilder event = Attributes.builder().put(TraceguardAttributes.EXCEPTION_TYPE, type);
    if (message != null) {
      event.put(TraceguardAttributes.EXCEPTION_MESSAGE, message);
    }
    if (stackTrace != null) {
      event.put(TraceguardAttributes.EXCEPTION_STACKTRACE, stackTrace);
    }
    return event.build();
  }

  /**
   * Returns how many recordings failed and were skipped since this tracer was created. Thread-safe; the count may
   * lag behind failures happening concurrently.
   *
   * @return the number of failed recordings, 0 or more
   */
  public long failedRecordings() {
    return failedRecordings.sum();
  }

  private static boolean isRuntimeSpan(Span span) {
    return span instanceof ReadableSpan && TracingRuntime.INSTRUMENTATION_SCOPE.equals(
        ((ReadableSpan) span).getInstrumentationScopeInfo().getName());
  }

  private boolean isServerError(int httpStatus) {
    if (httpStatus == NO_HTTP_STATUS || httpStatus >= 500) {
      return true; // an unknown status means the request failed
    }
    return serverErrorOn4xx && httpStatus >= 400 && httpStatus < 500;
  }

  private void onFailure(Throwable failure) {
    failedRecordings.increment();
    logThrottle.log(logger, Level.FINE, "Could not record an exception on a span; the span is left as it was."
        + " Further failures are counted in failedRecordings() and logged at most once a minute.", failure);
  }
}
