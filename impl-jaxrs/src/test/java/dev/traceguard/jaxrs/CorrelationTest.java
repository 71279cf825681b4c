package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.api.spi.ErrorReport;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.logging.TraceContextFormatter;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.annotation.Priority;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Log correlation and error listeners on a real request: Jersey on Grizzly, bound to 127.0.0.1. */
class CorrelationTest extends LoopbackJerseyTest {
  private static final Logger julLogger = Logger.getLogger("dev.traceguard.examples.orders");

  /** What the resource saw, and the listener's behaviour, for the test running now. */
  static volatile String requestThread = "";
  static volatile ErrorListener behaviour = report -> { };
  static final BlockingQueue<ErrorReport> reports = new LinkedBlockingQueue<>();
  static final BlockingQueue<String> listenerThreads = new LinkedBlockingQueue<>();

  private InMemorySpanExporter exporter;
  private TracingRuntime runtime;

  @Path("/orders")
  public static class OrderResource {
    @GET
    @Path("/mdc")
    public String mdc() {
      return MDC.get("trace_id") + " " + MDC.get("span_id") + " " + MDC.get("trace_flags");
    }

    @GET
    @Path("/fail")
    public String fail() {
      requestThread = Thread.currentThread().getName();
      throw new IllegalStateException("payment back end down");
    }

    @GET
    @Path("/log")
    public String log() {
      julLogger.info("order 42 placed");
      return "logged";
    }
  }

  /**
   * Before Traceguard's request filter, the application puts its own value under trace_id; after Traceguard's
   * response filter, it answers what the MDC holds then, and cleans up.
   */
  @PreMatching
  @Priority(100)
  public static class MdcWitness implements ContainerRequestFilter, ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      MDC.put("trace_id", "set-by-the-application");
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      response.getHeaders().putSingle("X-Mdc-After",
          MDC.get("trace_id") + " " + MDC.get("span_id") + " " + MDC.get("trace_flags"));
      MDC.clear();
    }
  }

  @Override
  protected Application configure() {
    useFreePort();
    reports.clear();
    listenerThreads.clear();
    exporter = InMemorySpanExporter.create();
    ErrorListener listener = report -> {
      listenerThreads.add(Thread.currentThread().getName());
      reports.add(report);
      behaviour.onError(report);
    };
    runtime = TracingRuntime.create(
        TracingConfig.builder().setServiceName("correlation-test").setExporters(List.of())
            .setScheduleDelay(Duration.ofMillis(20)).build(),
        List.of(exporter), List.of(listener)).start();
    return new ResourceConfig(OrderResource.class, MdcWitness.class).register(new TraceguardFeature(runtime));
  }

  @AfterEach
  void stopRuntime() {
    behaviour = report -> { };
    runtime.shutdown(Duration.ofSeconds(5));
  }

  private SpanData serverSpan() {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      runtime.forceFlush(Duration.ofSeconds(5));
      return !exporter.getFinishedSpanItems().isEmpty();
    });
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getKind()).isEqualTo(SpanKind.SERVER);
    return spans.get(0);
  }

  @Test
  void mdcHoldsTheServerSpansIdsDuringTheRequestAndTheApplicationsValueAfter() {
    Response response = target("orders/mdc").request().get();

    assertThat(response.getStatus()).isEqualTo(200);
    SpanData span = serverSpan();
    assertThat(response.readEntity(String.class))
        .isEqualTo(span.getTraceId() + " " + span.getSpanId() + " " + span.getSpanContext().getTraceFlags().asHex());
    assertThat(response.getHeaderString("X-Mdc-After")).isEqualTo("set-by-the-application null null");
  }

  @Test
  void julFormatterPrefixesLinesLoggedDuringTheRequest() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamHandler handler = new StreamHandler(out, new TraceContextFormatter(new SimpleFormatter()));
    julLogger.addHandler(handler);
    try {
      assertThat(target("orders/log").request().get().getStatus()).isEqualTo(200);
    } finally {
      julLogger.removeHandler(handler);
      handler.close();
    }

    SpanData span = serverSpan();
    String line = out.toString(StandardCharsets.UTF_8);
    System.out.println("Sample JUL line: " + line);
    assertThat(line).startsWith("trace_id=" + span.getTraceId() + " span_id=" + span.getSpanId() + " trace_flags="
        + span.getSpanContext().getTraceFlags().asHex() + " ");
    assertThat(line).contains("INFO: order 42 placed");
  }

  @Test
  void listenerHearsOfTheErrorOnceOffTheRequestThreadWithTheServerSpansIds() throws Exception {
    Response response = target("orders/fail").request().get();

    assertThat(response.getStatus()).isEqualTo(500);
    SpanData span = serverSpan();
    ErrorReport report = reports.poll(5, TimeUnit.SECONDS);
    assertThat(report).isNotNull();
    assertThat(report.error()).isInstanceOf(IllegalStateException.class).hasMessage("payment back end down");
    assertThat(report.errorCode()).isNull();
    assertThat(report.traceId()).isEqualTo(span.getTraceId());
    assertThat(report.spanId()).isEqualTo(span.getSpanId());
    assertThat(listenerThreads.poll()).isEqualTo("traceguard-errors-correlation-test").isNotEqualTo(requestThread);
    assertThat(reports.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void slowListenerDoesNotDelayTheResponse() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    behaviour = report -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    try {
      long started = System.nanoTime();
      Response response = target("orders/fail").request().get();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertThat(response.getStatus()).isEqualTo(500);
      assertThat(reports.poll(5, TimeUnit.SECONDS)).isNotNull(); // the listener is inside its call, still blocked
      assertThat(release.getCount()).isEqualTo(1);
      assertThat(millis).isLessThan(5000);
    } finally {
      release.countDown();
    }
  }

  @Test
  void failingListenerDoesNotFailTheRequest() throws Exception {
    behaviour = report -> {
      throw new IllegalStateException("reporter broken");
    };

    Response response = target("orders/fail").request().get();

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getHeaderString("Content-Type")).startsWith("application/problem+json");
    assertThat(reports.poll(5, TimeUnit.SECONDS)).isNotNull();
    await().atMost(Duration.ofSeconds(5)).until(() -> runtime.failedErrorListenerCalls() == 1);
    assertThat(target("orders/mdc").request().get().getStatus()).isEqualTo(200);
  }
}
