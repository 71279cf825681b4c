package dev.traceguard.sentry;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.api.spi.ErrorReport;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.SpanContext;
import io.sentry.SpanId;
import io.sentry.protocol.SentryId;

/**
 * Sends each error Traceguard records to Sentry as an event of level ERROR whose trace context ({@code
 * contexts.trace}) carries Traceguard's trace id and the id of the span the error was recorded on, so the Sentry
 * issue and the trace in the tracing back end name each other. A {@code TraceguardException}'s code goes into the
 * tags {@value #ERROR_CODE_TAG} and {@value #ERROR_DOMAIN_TAG}.
 *
 * <p>Registered for the service loader, so putting this jar beside Traceguard is enough; Sentry itself is set up by
 * the application ({@code Sentry.init(...)}, or {@code sentry.properties} / {@code SENTRY_DSN} with {@code
 * Sentry.init()}), which keeps the DSN and every Sentry option under the application's control. While Sentry is
 * not initialized, reports are ignored.
 *
 * <p>Called on Traceguard's error thread; {@code Sentry.captureEvent} only queues the event for Sentry's own
 * transport thread, so it does not block on the network. Thread-safe and stateless.
 */
public final class SentryErrorListener implements ErrorListener {
  /** The tag holding a {@code TraceguardException}'s numeric code: {@value}. */
  public static final String ERROR_CODE_TAG = "error.code";

  /** The tag holding a {@code TraceguardException}'s domain: {@value}. */
  public static final String ERROR_DOMAIN_TAG = "error.domain";

  /** The operation named in the event's trace context: {@value}. */
  public static final String OPERATION = "traceguard.error";

  /** Created by the service loader. */
  public SentryErrorListener() {}

  /**
   * Captures {@code report}'s error into Sentry, when Sentry is initialized; does nothing otherwise. An error
   * recorded on no valid span gets no trace context of Traceguard's (Sentry then puts in its own).
   */
  @Override
  public void onError(ErrorReport report) {
    if (!Sentry.isEnabled()) {
      return;
    }
    SentryEvent event = new SentryEvent(report.error());
    event.setLevel(SentryLevel.ERROR);
    if (report.hasTraceContext()) {
      event.getContexts().setTrace(
          new SpanContext(new SentryId(report.traceId()), new SpanId(report.spanId()), OPERATION, null, null));
    }
    ErrorCode code = report.errorCode();
    if (code != null) {
      event.setTag(ERROR_CODE_TAG, Integer.toString(code.code()));
      event.setTag(ERROR_DOMAIN_TAG, code.domain());
    }
    Sentry.captureEvent(event);
  }
}
