package dev.traceguard.core;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Traceguard's instruments: the {@value #ERRORS} counter and the {@value #SERVER_REQUEST_DURATION} histogram, on
 * the runtime's meter provider. Integrations record through it on the request path, where it never throws: a
 * failure is logged at FINE at most once a minute and the measurement is lost.
 *
 * <p>Every attribute has bounded cardinality: a route template, never a raw path; a class name, an error code, a
 * status; never a trace id. Traces are reached through exemplars: pass the context whose current span is the
 * operation's span, and the SDK attaches its trace and span id to the measurement when the span is sampled.
 *
 * <p>With no metric exporter configured, the instruments are no-ops and recording returns before building any
 * attribute. Thread-safe.
 */
public final class TraceguardMetrics {
  /** The error counter's name: {@value}, unit {@value #ERRORS_UNIT}. */
  public static final String ERRORS = "traceguard.errors";
  /** The error counter's unit: {@value}. */
  public static final String ERRORS_UNIT = "{error}";
  /** The HTTP semantic conventions' server duration histogram: {@value}, in seconds. */
  public static final String SERVER_REQUEST_DURATION = "http.server.request.duration";
  /** The observable counter of dropped spans: {@value}, unit {@code {span}}, one series per {@code reason}. */
  public static final String SPANS_DROPPED = "traceguard.spans.dropped";
  /** The bucket boundaries the HTTP semantic conventions advise for {@value #SERVER_REQUEST_DURATION}, seconds. */
  public static final List<Double> DURATION_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  /** The HTTP status to pass for an error that was not answered over HTTP. */
  public static final int NO_HTTP_STATUS = 0;

  /** The methods the HTTP semantic conventions know; any other is recorded as {@value #OTHER_METHOD}. */
  private static final Set<String> KNOWN_METHODS =
      Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");
  private static final String OTHER_METHOD = "_OTHER";

  private static final Logger logger = Logger.getLogger(TraceguardMetrics.class.getName());
  private static final TraceguardMetrics NOOP = create(MeterProvider.noop());

  private final boolean recording;
  private final LongCounter errors;
  private final DoubleHistogram serverDuration;
  private final LogThrottle logThrottle = LogThrottle.everyMinute();

  private TraceguardMetrics(Meter meter, boolean recording) {
    this(meter, meter, recording);
  }

  private TraceguardMetrics(Meter meter, Meter durationMeter, boolean recording) {
    this.recording = recording;
    this.errors = meter.counterBuilder(ERRORS)
        .setUnit(ERRORS_UNIT)
        .setDescription("Recorded exceptions, each counted once at the entry point (HTTP request or outermost"
            + " @Traced call) that contains it.")
        .build();
    this.serverDuration = withBuckets(durationMeter.histogramBuilder(SERVER_REQUEST_DURATION)
        .setUnit("s")
        .setDescription("Duration of HTTP server requests."))
        .build();
  }

  /**
   * The semantic conventions' buckets as advice. An OpenTelemetry API older than 1.32 has no advice (a server's,
   * under {@code traceguard-all-mp}: Payara's): its SDK's default buckets apply.
   */
  private static DoubleHistogramBuilder withBuckets(DoubleHistogramBuilder builder) {
    try {
      return builder.setExplicitBucketBoundariesAdvice(DURATION_BUCKETS);
    } catch (NoSuchMethodError e) {
      return builder;
    }
  }

  /** Returns instruments that record nothing. */
  public static TraceguardMetrics noop() {
    return NOOP;
  }

  /** Returns instruments on {@code meterProvider}'s meter of scope {@value TracingRuntime#INSTRUMENTATION_SCOPE}. */
  public static TraceguardMetrics create(MeterProvider meterProvider) {
    return new TraceguardMetrics(
        requireNonNull(meterProvider, "meterProvider").get(TracingRuntime.INSTRUMENTATION_SCOPE),
        meterProvider != MeterProvider.noop());
  }

  /**
   * Returns instruments of which only {@value #ERRORS} records, on {@code meterProvider}'s meter of scope {@value
   * TracingRuntime#INSTRUMENTATION_SCOPE}: for a server that measures its requests itself (MicroProfile Telemetry),
   * where a second {@value #SERVER_REQUEST_DURATION} would count every request twice. The duration histogram is then
   * never created on {@code meterProvider}.
   */
  public static TraceguardMetrics errorsOnly(MeterProvider meterProvider) {
    Meter meter = requireNonNull(meterProvider, "meterProvider").get(TracingRuntime.INSTRUMENTATION_SCOPE);
    return new TraceguardMetrics(meter, MeterProvider.noop().get(TracingRuntime.INSTRUMENTATION_SCOPE),
        meterProvider != MeterProvider.noop());
  }

  /**
   * Returns whether measurements go anywhere: false for {@link #noop()} and for instruments on {@link
   * MeterProvider#noop()}, so that a caller can skip computing a measurement's attributes.
   */
  public boolean isRecording() {
    return recording;
  }

  /**
   * Adds one to {@value #ERRORS} for {@code error}, with {@code error.type} (the class
   * name), {@code error.code} and {@code error.domain} (for a {@link TraceguardException}), and, for an HTTP
   * request, {@code http.route} and {@code http.response.status_code}. Counts unconditionally: recorded exceptions
   * go through the {@link ErrorRecorder}, which calls this once per distinct failure. Never throws; does not block.
   *
   * @param context the context whose span is the operation's, for the exemplar
   * @param error the throwable, as thrown
   * @param route the matched route template, or null when none matched or it is not an HTTP request
   * @param httpStatus the answered status, or {@link #NO_HTTP_STATUS}
   */
  public void countError(Context context, Throwable error, @Nullable String route, int httpStatus) {
    if (!recording) {
      return;
    }
    try {
      AttributesBuilder attributes = Attributes.builder()
          .put(TraceguardAttributes.ERROR_TYPE, error.getClass().getName());
      if (error instanceof TraceguardException) {
        ErrorCode code = ((TraceguardException) error).errorCode();
        attributes.put(TraceguardAttributes.ERROR_CODE, (long) code.code())
            .put(TraceguardAttributes.ERROR_DOMAIN, code.domain());
      }
      if (route != null) {
        attributes.put(TraceguardAttributes.HTTP_ROUTE, route);
      }
      if (httpStatus >= 100 && httpStatus <= 599) {
        attributes.put(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, (long) httpStatus);
      }
      errors.add(1, attributes.build(), context);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /**
   * Records one HTTP server request in {@value #SERVER_REQUEST_DURATION}, with the semantic conventions'
   * attributes. Never throws; does not block.
   *
   * @param context the context whose span is the request's SERVER span, for the exemplar
   * @param durationNanos how long the request took
   * @param method the request method; one the conventions do not know is recorded as {@code _OTHER}
   * @param route the matched route template, or null when nothing matched
   * @param httpStatus the answered status
   * @param scheme {@code http} or {@code https}, or null when unknown
   * @param errorType the failed request's {@code error.type} (exception class name, or the status for a 5xx
   *     without exception), or null when it did not fail
   */
  public void recordServerRequest(Context context, long durationNanos, String method, @Nullable String route,
      int httpStatus, @Nullable String scheme, @Nullable String errorType) {
    if (!recording) {
      return;
    }
    try {
      AttributesBuilder attributes = Attributes.builder()
          .put(TraceguardAttributes.HTTP_REQUEST_METHOD, KNOWN_METHODS.contains(method) ? method : OTHER_METHOD)
          .put(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, (long) httpStatus);
      if (route != null) {
        attributes.put(TraceguardAttributes.HTTP_ROUTE, route);
      }
      if (scheme != null) {
        attributes.put(TraceguardAttributes.URL_SCHEME, scheme);
      }
      if (errorType != null) {
        attributes.put(TraceguardAttributes.ERROR_TYPE, errorType);
      }
      serverDuration.record(Math.max(0, durationNanos) / 1e9, attributes.build(), context);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    logThrottle.log(logger, Level.FINE, "Traceguard could not record a metric; the measurement is lost", e);
  }
}
