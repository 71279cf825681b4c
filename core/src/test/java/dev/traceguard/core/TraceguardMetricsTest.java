package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Collection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceguardMetricsTest {
  enum PaymentError implements ErrorCode {
    DECLINED;

    @Override
    public int code() {
      return 2001;
    }

    @Override
    public String domain() {
      return "PAYMENT";
    }

    @Override
    public int httpStatus() {
      return 402;
    }

    @Override
    public String title() {
      return "Payment declined";
    }
  }

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();
  private final TraceguardMetrics metrics = TraceguardMetrics.create(meterProvider);

  @AfterEach
  void close() {
    meterProvider.close();
    tracerProvider.close();
  }

  @Test
  void countError_traceguardExceptionInSampledSpan_attributesAndExemplarOfTheSpan() {
    Span span = tracerProvider.get("test").spanBuilder("GET /pay").startSpan();

    metrics.countError(Context.root().with(span), new TraceguardException(PaymentError.DECLINED, "declined"),
        "/pay/{id}", 402);

    LongPointData point = onlyPoint(TraceguardMetrics.ERRORS);
    assertThat(point.getValue()).isEqualTo(1);
    assertThat(point.getAttributes()).isEqualTo(Attributes.builder()
        .put(TraceguardAttributes.ERROR_TYPE, TraceguardException.class.getName())
        .put(TraceguardAttributes.ERROR_CODE, 2001L)
        .put(TraceguardAttributes.ERROR_DOMAIN, "PAYMENT")
        .put(TraceguardAttributes.HTTP_ROUTE, "/pay/{id}")
        .put(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, 402L)
        .build());
    assertThat(point.getExemplars()).singleElement().satisfies(exemplar -> {
      assertThat(exemplar.getSpanContext().getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
      assertThat(exemplar.getSpanContext().getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    });
    assertThat(metric(TraceguardMetrics.ERRORS).getUnit()).isEqualTo("{error}");
  }

  @Test
  void countError_plainExceptionOutsideHttp_onlyErrorTypeAndNoExemplarWithoutSpan() {
    metrics.countError(Context.root(), new IllegalStateException("x"), null, TraceguardMetrics.NO_HTTP_STATUS);

    LongPointData point = onlyPoint(TraceguardMetrics.ERRORS);
    assertThat(point.getAttributes()).isEqualTo(
        Attributes.of(TraceguardAttributes.ERROR_TYPE, IllegalStateException.class.getName()));
    assertThat(point.getExemplars()).isEmpty();
  }

  @Test
  void recordServerRequest_unknownMethod_recordedAsOtherInSecondsWithSemconvBuckets() {
    metrics.recordServerRequest(Context.root(), 250_000_000L, "PROPFIND", null, 500, "https", "500");

    MetricData metric = metric(TraceguardMetrics.SERVER_REQUEST_DURATION);
    assertThat(metric.getUnit()).isEqualTo("s");
    HistogramPointData point = metric.getHistogramData().getPoints().iterator().next();
    assertThat(point.getSum()).isEqualTo(0.25);
    assertThat(point.getBoundaries()).isEqualTo(TraceguardMetrics.DURATION_BUCKETS);
    assertThat(point.getAttributes()).isEqualTo(Attributes.builder()
        .put(TraceguardAttributes.HTTP_REQUEST_METHOD, "_OTHER")
        .put(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, 500L)
        .put(TraceguardAttributes.URL_SCHEME, "https")
        .put(TraceguardAttributes.ERROR_TYPE, "500")
        .build());
  }

  @Test
  void recordServerRequest_knownMethodAndRoute_keepsThemWithoutErrorType() {
    metrics.recordServerRequest(Context.root(), 1_000L, "GET", "/users/{id}", 200, null, null);

    HistogramPointData point =
        metric(TraceguardMetrics.SERVER_REQUEST_DURATION).getHistogramData().getPoints().iterator().next();
    assertThat(point.getAttributes().get(TraceguardAttributes.HTTP_REQUEST_METHOD)).isEqualTo("GET");
    assertThat(point.getAttributes().get(TraceguardAttributes.HTTP_ROUTE)).isEqualTo("/users/{id}");
    assertThat(point.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
  }

  @Test
  void countErrorAndRecord_nullContext_neverThrow() {
    assertThatCode(() -> metrics.countError(null, new RuntimeException(), null, 0)).doesNotThrowAnyException();
    assertThatCode(() -> metrics.recordServerRequest(null, 1, "GET", null, 200, null, null))
        .doesNotThrowAnyException();
  }

  @Test
  void noop_recordsNothingAndNeverThrows() {
    assertThatCode(() -> {
      TraceguardMetrics.noop().countError(Context.root(), new RuntimeException(), "/x", 500);
      TraceguardMetrics.noop().recordServerRequest(Context.root(), 1, "GET", "/x", 200, "http", null);
    }).doesNotThrowAnyException();
    assertThat(reader.collectAllMetrics()).isEmpty();
  }

  @Test
  void errorScope_failedTwice_firstFailureWins() {
    ErrorScope scope = ErrorScope.create();
    Context context = scope.storeIn(Context.root());
    RuntimeException first = new RuntimeException("first");

    scope.fail(first);
    scope.fail(new RuntimeException("second"));

    assertThat(ErrorScope.from(context)).isSameAs(scope);
    assertThat(scope.failure()).isSameAs(first);
    assertThat(ErrorScope.from(Context.root())).isNull();
  }

  private MetricData metric(String name) {
    Collection<MetricData> all = reader.collectAllMetrics();
    return all.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
  }

  private LongPointData onlyPoint(String name) {
    Collection<LongPointData> points = metric(name).getLongSumData().getPoints();
    assertThat(points).hasSize(1);
    return points.iterator().next();
  }
}
