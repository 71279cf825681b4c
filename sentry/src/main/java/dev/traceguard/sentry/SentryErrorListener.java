package dev.traceguard.sentry;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.api.spi.ErrorReport;
import io.sentry.Breadcrumb;
import io.sentry.IScope;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryExceptionFactory;
import io.sentry.SentryLevel;
import io.sentry.SentryStackTraceFactory;
import io.sentry.SpanContext;
import io.sentry.SpanId;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * <p>Personal data is masked with the runtime's masker (the one every exported span goes through) before
 * anything reaches Sentry, whatever Sentry's {@code sendDefaultPii} says: the message of the error and of every
 * cause, and, for this event only, the scope's breadcrumbs (messages and string data) and string extras.
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
   * Captures {@code report}'s error into Sentry unmasked; Traceguard itself calls {@link #onError(ErrorReport,
   * PiiMasker)}.
   */
  @Override
  public void onError(ErrorReport report) {
    onError(report, PiiMasker.noop());
  }

  /**
   * Captures {@code report}'s error into Sentry, masked with {@code masker}, when Sentry is initialized; does
   * nothing otherwise. An error recorded on no valid span gets no trace context of Traceguard's (Sentry then puts in
   * its own).
   */
  @Override
  public void onError(ErrorReport report, PiiMasker masker) {
    if (!Sentry.isEnabled()) {
      return;
    }
    // No throwable on the event: Sentry would build its exceptions from it again, unmasked. The list it would build
    // (types, stack frames, the cause chain) is built here instead, with every message masked.
    SentryEvent event = new SentryEvent();
    event.setLevel(SentryLevel.ERROR);
    List<SentryException> exceptions = new SentryExceptionFactory(
        new SentryStackTraceFactory(Sentry.getCurrentScopes().getOptions())).getSentryExceptions(report.error());
    for (SentryException exception : exceptions) {
      if (exception.getValue() != null) {
        exception.setValue(masker.mask(exception.getValue()));
      }
    }
    event.setExceptions(exceptions);
    if (report.hasTraceContext()) {
      event.getContexts().setTrace(
          new SpanContext(new SentryId(report.traceId()), new SpanId(report.spanId()), OPERATION, null, null));
    }
    ErrorCode code = report.errorCode();
    if (code != null) {
      event.setTag(ERROR_CODE_TAG, Integer.toString(code.code()));
      event.setTag(ERROR_DOMAIN_TAG, code.domain());
    }
    Sentry.captureEvent(event, scope -> maskScope(scope, masker));
  }

  /** Masks the breadcrumbs and extras of the scope Sentry cloned for this one event. */
  private static void maskScope(IScope scope, PiiMasker masker) {
    List<Breadcrumb> breadcrumbs = new ArrayList<>(scope.getBreadcrumbs());
    scope.clearBreadcrumbs();
    for (Breadcrumb original : breadcrumbs) {
      Breadcrumb masked = new Breadcrumb(original.getTimestamp());
      masked.setType(original.getType());
      masked.setCategory(original.getCategory());
      masked.setLevel(original.getLevel());
      if (original.getMessage() != null) {
        masked.setMessage(masker.mask(original.getMessage()));
      }
      original.getData().forEach((key, value) ->
          masked.setData(key, value instanceof String text ? masker.mask(text) : value));
      scope.addBreadcrumb(masked);
    }
    for (Map.Entry<String, Object> extra : new ArrayList<>(scope.getExtras().entrySet())) {
      if (extra.getValue() instanceof String text) {
        scope.setExtra(extra.getKey(), masker.mask(text));
      }
    }
  }
}
