package dev.traceguard.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.Traced;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.tck.KitErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counting rule of {@code traceguard.errors} inside HTTP requests: every distinct recorded exception once, at
 * the request, with its route and answered status. Jersey on Grizzly over Weld ({@link JerseyOnWeld}), the resource
 * a {@code @RequestScoped} bean calling {@code @Traced} beans; metrics scraped from the SDK's Prometheus server on a
 * free 127.0.0.1 port.
 */
class RequestErrorMetricsTest {
  // Greedy up to the last brace of the line: a route template's own braces are inside the labels.
  private static final Pattern ERRORS_LINE = Pattern.compile("(?m)^traceguard_errors_total\\{(.*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final String KIT_EXCEPTION = TraceguardException.class.getName();

  private JerseyOnWeld app;
  private int metricsPort;

  @BeforeEach
  void start() throws Exception {
    metricsPort = freePort();
    app = JerseyOnWeld.start(Map.of(
        "otel.traces.exporter", "none",
        "otel.metrics.exporter", "prometheus",
        "otel.exporter.prometheus.host", "127.0.0.1",
        "otel.exporter.prometheus.port", Integer.toString(metricsPort)),
        StockResource.class, Warehouse.class, Shelf.class);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void innerTracedCallFailsAndResourceRecovers_countedOnceWithRouteAnd200() throws Exception {
    assertThat(app.get("stock/7/recovered").statusCode()).isEqualTo(200);

    assertThat(errorSeries()).singleElement().satisfies(series -> assertThat(series).containsAllEntriesOf(Map.of(
        "error_type", KIT_EXCEPTION,
        "error_code", "4040",
        "error_domain", KitErrorCode.DOMAIN,
        "http_route", "/stock/{id}/recovered",
        "http_response_status_code", "200",
        "value", "1.0")));
  }

  @Test
  void exceptionPropagatesThroughNestedTracedBeansAndFailsTheRequest_countedOnce() throws Exception {
    assertThat(app.get("stock/7/failed").statusCode()).isEqualTo(404);

    // Recorded on Shelf.take, Warehouse.reserve, StockResource.failed and the SERVER span: one exception.
    assertThat(errorSeries()).singleElement().satisfies(series -> assertThat(series).containsAllEntriesOf(Map.of(
        "error_code", "4040",
        "http_route", "/stock/{id}/failed",
        "http_response_status_code", "404",
        "value", "1.0")));
  }

  @Test
  void recordedExceptionWrappedByTheOneThatFailsTheRequest_countedOnceInItsOuterForm() throws Exception {
    assertThat(app.get("stock/7/wrapped").statusCode()).isEqualTo(503);

    assertThat(errorSeries()).singleElement().satisfies(series -> assertThat(series).containsAllEntriesOf(Map.of(
        "error_type", KIT_EXCEPTION,
        "error_code", "5030",
        "http_route", "/stock/{id}/wrapped",
        "http_response_status_code", "503",
        "value", "1.0")));
  }

  @Test
  void twoDifferentExceptionsRecordedInOneRequest_countedTwice() throws Exception {
    assertThat(app.get("stock/7/two").statusCode()).isEqualTo(500);

    List<Map<String, String>> errors = errorSeries();

    assertThat(errors).hasSize(2).allSatisfy(series -> assertThat(series)
        .containsEntry("http_route", "/stock/{id}/two")
        .containsEntry("http_response_status_code", "500")
        .containsEntry("value", "1.0"));
    assertThat(errors).extracting(series -> series.get("error_type"))
        .containsExactlyInAnyOrder(KIT_EXCEPTION, IllegalStateException.class.getName());
  }

  /** Every {@code traceguard_errors_total} series of a scrape: its labels, and its value under {@code value}. */
  private List<Map<String, String>> errorSeries() throws IOException, InterruptedException {
    HttpResponse<String> response = app.send(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"));
    assertThat(response.statusCode()).isEqualTo(200);
    Matcher line = ERRORS_LINE.matcher(response.body());
    List<Map<String, String>> series = new ArrayList<>();
    while (line.find()) {
      Map<String, String> labels = new LinkedHashMap<>();
      Matcher label = LABEL.matcher(line.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      labels.put("value", line.group(2));
      series.add(labels);
    }
    return series;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A resource that is a CDI bean, calling traced beans; itself traced on one method only. */
  @Path("/stock")
  @RequestScoped
  public static class StockResource {
    @Inject
    Warehouse warehouse;

    @GET
    @Path("/{id}/recovered")
    public String recovered(@PathParam("id") long id) {
      try {
        return warehouse.reserve(id);
      } catch (TraceguardException e) {
        return "none left";
      }
    }

    @GET
    @Path("/{id}/failed")
    @Traced
    public String failed(@PathParam("id") long id) {
      return warehouse.reserve(id);
    }

    @GET
    @Path("/{id}/wrapped")
    public String wrapped(@PathParam("id") long id) {
      try {
        return warehouse.reserve(id);
      } catch (TraceguardException e) {
        throw new TraceguardException(KitErrorCode.UNAVAILABLE, "Try again later", e);
      }
    }

    @GET
    @Path("/{id}/two")
    public String two(@PathParam("id") long id) {
      try {
        warehouse.reserve(id);
      } catch (TraceguardException e) {
        // Recovered from, then a different failure: two exceptions in one request.
      }
      throw new IllegalStateException("ledger closed");
    }
  }

  @ApplicationScoped
  public static class Warehouse {
    @Inject
    Shelf shelf;

    @Traced
    public String reserve(long id) {
      return shelf.take(id);
    }
  }

  @ApplicationScoped
  public static class Shelf {
    @Traced
    public String take(long id) {
      throw new TraceguardException(KitErrorCode.NOT_FOUND, "none left of " + id);
    }
  }
}
