package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TraceguardException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.OpenMetricsText.Sample;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * Metrics end to end: Jersey on Grizzly and the SDK's Prometheus exporter, both on free 127.0.0.1 ports; the scrape
 * is parsed as OpenMetrics and its exemplars compared with the spans the same requests exported. Also for requests
 * answered on a worker thread, where the request's context is not current.
 */
class PrometheusMetricsTest extends RuntimeJerseyTest {
  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private InMemorySpanExporter exporter;
  private int metricsPort;

  /** Requests that fail on a worker thread, after the resource method returned. */
  @Path("/async-errors")
  public static class FailingAsyncResource {
    @GET
    @Path("/suspended/{id}")
    public void suspended(@PathParam("id") long id, @Suspended AsyncResponse response) {
      AsyncResourceTest.WORKERS.submit(() -> response.resume(
          new TraceguardException(TestResources.UserError.NOT_FOUND, "No such user", "no user " + id, null)));
    }

    @GET
    @Path("/stage/{id}")
    public CompletionStage<String> stage(@PathParam("id") long id) {
      return CompletableFuture.supplyAsync(() -> {
        throw new IllegalStateException("no stock for " + id);
      }, AsyncResourceTest.WORKERS);
    }
  }

  @Override
  TracingRuntime startRuntime(int containerPort) {
    // Both ports are free only when asked: the system may hand out the same one twice, and the Prometheus server,
    // bound first, would then take the one Grizzly is about to bind.
    do {
      metricsPort = LoopbackJerseyTest.freePort();
    } while (metricsPort == containerPort);
    exporter = InMemorySpanExporter.create();
    return TracingRuntime.create(
        TracingConfig.builder().setServiceName("metrics-test").setExporters(List.of())
            .setScheduleDelay(Duration.ofMillis(20))
            .setSdkProperty("otel.metrics.exporter", "prometheus")
            .setSdkProperty("otel.exporter.prometheus.host", "127.0.0.1")
            .setSdkProperty("otel.exporter.prometheus.port", String.valueOf(metricsPort))
            .build(),
        List.of(exporter)).start();
  }

  @Override
  ResourceConfig application(TracingRuntime runtime) {
    return new ResourceConfig(TestResources.UserResource.class, FailingAsyncResource.class)
        .register(new TraceguardFeature(runtime));
  }

  @Test
  void failedRequests_scrapedAsOpenMetrics_errorCounterWithExemplarOfExportedSpan() throws Exception {
    assertThat(target("users/5000").request().get().getStatus()).isEqualTo(404);
    assertThat(target("users/6000").request().get().getStatus()).isEqualTo(404);
    assertThat(target("users/42").request().get().getStatus()).isEqualTo(200);
    List<SpanData> failedSpans = serverSpans(3).stream()
        .filter(s -> s.getAttributes().get(dev.traceguard.core.TraceguardAttributes.ERROR_CODE) != null)
        .toList();
    assertThat(failedSpans).hasSize(2);

    List<Sample> samples = OpenMetricsText.parse(scrape(OPENMETRICS));

    Sample errors = only(samples, "traceguard_errors_total");
    assertThat(errors.labels()).containsAllEntriesOf(Map.of(
        "error_type", "dev.traceguard.api.TraceguardException",
        "error_code", "1001",
        "error_domain", "USER",
        "http_route", "/users/{id}",
        "http_response_status_code", "404"));
    assertThat(errors.labels()).doesNotContainKeys("trace_id", "url_path");
    assertThat(errors.value()).isEqualTo(2.0);
    assertThat(errors.exemplar()).isNotNull();
    assertThat(failedSpans).anySatisfy(span -> {
      assertThat(errors.exemplar()).containsEntry("trace_id", span.getTraceId());
      assertThat(errors.exemplar()).containsEntry("span_id", span.getSpanId());
    });
  }

  @Test
  void unsampledRequest_failed_durationAndErrorCountedWithRouteAndStatus_noTraceresponseNoSpan() throws Exception {
    Response response = target("users/5000").request()
        .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").get();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getHeaderString("traceresponse")).isNull();
    List<Sample> samples = OpenMetricsText.parse(scrape(OPENMETRICS));
    assertThat(only(samples, "traceguard_errors_total")).satisfies(errors -> {
      assertThat(errors.value()).isEqualTo(1.0);
      assertThat(errors.labels()).containsAllEntriesOf(Map.of(
          "error_type", "dev.traceguard.api.TraceguardException",
          "http_route", "/users/{id}",
          "http_response_status_code", "404"));
    });
    assertThat(only(samples, "http_server_request_duration_seconds_count").labels())
        .containsEntry("http_route", "/users/{id}");
    runtime.forceFlush(Duration.ofSeconds(5));
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void requests_scraped_durationHistogramWithSemconvBucketsAndAttributes() throws Exception {
    assertThat(target("users/5000").request().get().getStatus()).isEqualTo(404);
    assertThat(target("users/42").request().get().getStatus()).isEqualTo(200);
    assertThat(target("users/boom").request().get().getStatus()).isEqualTo(500);
    List<SpanData> spans = serverSpans(3);

    List<Sample> samples = OpenMetricsText.parse(scrape(OPENMETRICS));

    List<Sample> okBuckets = samples.stream()
        .filter(s -> s.name().equals("http_server_request_duration_seconds_bucket"))
        .filter(s -> "200".equals(s.labels().get("http_response_status_code")))
        .toList();
    assertThat(okBuckets).extracting(s -> s.labels().get("le")).containsExactly(
        "0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5", "5.0", "7.5", "10.0",
        "+Inf");
    assertThat(okBuckets).allSatisfy(s -> assertThat(s.labels()).containsAllEntriesOf(Map.of(
        "http_request_method", "GET", "http_route", "/users/{id}", "url_scheme", "http")));
    assertThat(okBuckets.get(okBuckets.size() - 1).value()).isEqualTo(1.0);
    assertThat(okBuckets).allSatisfy(s -> assertThat(s.labels()).doesNotContainKey("error_type"));
    Map<String, String> errorTypes = samples.stream()
        .filter(s -> s.name().equals("http_server_request_duration_seconds_count"))
        .filter(s -> s.labels().containsKey("error_type"))
        .collect(Collectors.toMap(s -> s.labels().get("http_response_status_code"),
            s -> s.labels().get("error_type")));
    assertThat(errorTypes).containsOnly(
        Map.entry("404", "dev.traceguard.api.TraceguardException"),
        Map.entry("500", "java.lang.IllegalStateException"));
    List<String> spanIds = spans.stream().map(SpanData::getSpanId).toList();
    assertThat(okBuckets).filteredOn(s -> s.exemplar() != null).isNotEmpty()
        .allSatisfy(s -> assertThat(spanIds).contains(s.exemplar().get("span_id")));
  }

  @Test
  void scrape_plainPrometheusText_noExemplarsAndSameCounter() throws Exception {
    assertThat(target("users/5000").request().get().getStatus()).isEqualTo(404);
    serverSpans(1);

    String text = scrape("text/plain; version=0.0.4");
    List<Sample> samples = OpenMetricsText.parse(text);

    assertThat(only(samples, "traceguard_errors_total").value()).isEqualTo(1.0);
    assertThat(samples).allSatisfy(s -> assertThat(s.exemplar()).isNull());
  }

  @Test
  void suspendedResponseResumedWithExceptionOnWorker_durationAndErrorOnceWithRouteStatusAndServerExemplar()
      throws Exception {
    assertThat(target("async-errors/suspended/5000").request().get().getStatus()).isEqualTo(404);

    assertRecordedOnce("/async-errors/suspended/{id}", "404", TraceguardException.class.getName(), Map.of(
        "error_code", "1001", "error_domain", "USER"));
  }

  @Test
  void completionStageFailingOnWorker_durationAndErrorOnceWithRouteStatusAndServerExemplar() throws Exception {
    assertThat(target("async-errors/stage/7").request().get().getStatus()).isEqualTo(500);

    // The cause, not the CompletionException Jersey resumes the response with.
    assertRecordedOnce("/async-errors/stage/{id}", "500", IllegalStateException.class.getName(), Map.of());
  }

  /** One request was made: its duration and its error are each recorded once, with the SERVER span's exemplar. */
  private void assertRecordedOnce(String route, String status, String errorType, Map<String, String> codeLabels)
      throws Exception {
    SpanData server = serverSpans(1).get(0);
    List<Sample> samples = OpenMetricsText.parse(scrape(OPENMETRICS));

    assertThat(only(samples, "http_server_request_duration_seconds_count")).satisfies(count -> {
      assertThat(count.value()).isEqualTo(1.0);
      assertThat(count.labels()).containsAllEntriesOf(Map.of(
          "http_route", route, "http_response_status_code", status, "error_type", errorType));
    });
    assertThat(samples).filteredOn(s -> s.name().equals("http_server_request_duration_seconds_bucket"))
        .filteredOn(bucket -> bucket.exemplar() != null).isNotEmpty()
        .allSatisfy(bucket -> assertThat(bucket.exemplar())
            .containsEntry("trace_id", server.getTraceId())
            .containsEntry("span_id", server.getSpanId()));

    Sample errors = only(samples, "traceguard_errors_total");
    assertThat(errors.value()).isEqualTo(1.0);
    assertThat(errors.labels()).containsAllEntriesOf(Map.of(
        "http_route", route, "http_response_status_code", status, "error_type", errorType))
        .containsAllEntriesOf(codeLabels);
    assertThat(errors.exemplar()).isNotNull()
        .containsEntry("trace_id", server.getTraceId())
        .containsEntry("span_id", server.getSpanId());
  }

  private List<SpanData> serverSpans(int expected) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      runtime.forceFlush(Duration.ofSeconds(5));
      return exporter.getFinishedSpanItems().size() >= expected;
    });
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
  }

  private static Sample only(List<Sample> samples, String name) {
    List<Sample> named = samples.stream().filter(s -> s.name().equals(name)).toList();
    assertThat(named).as(name).hasSize(1);
    return named.get(0);
  }

  private String scrape(String accept) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
            .header("Accept", accept).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
