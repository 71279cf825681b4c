package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TraceguardException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.api.spi.ErrorReport;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.AsyncResourceTest.AsyncResource;
import dev.traceguard.jaxrs.AsyncResourceTest.ContextProbe;
import dev.traceguard.jaxrs.TestResources.AppSpecificMapper;
import dev.traceguard.jaxrs.TestResources.UserResource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Requests that are not sampled, with no metrics: the span is current for the calls the request makes, nothing else
 * is written (no MDC entries, no {@code traceresponse}), and an exception still reaches the error listeners once.
 * Jersey on Grizzly, bound to 127.0.0.1.
 */
class UnrecordedRequestTest extends LoopbackJerseyTest {
  static final BlockingQueue<ErrorReport> REPORTS = new LinkedBlockingQueue<>();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String UNSAMPLED_PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-00";

  private InMemorySpanExporter exporter;
  private TracingRuntime runtime;

  @Path("/probe")
  public static class ProbeResource {
    /** What a log line and an outgoing call would see inside the request. */
    @GET
    public String probe() {
      SpanContext span = Span.current().getSpanContext();
      return span.getTraceId() + " " + span.getTraceFlags().asHex() + " mdc=" + MDC.get("trace_id");
    }
  }

  /** Runs after Traceguard's response filter: tells whether the request's context is still current then. */
  @Priority(100)
  public static class ScopeWitness implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      response.getHeaders().putSingle("X-Context-After", Span.current().getSpanContext().isValid());
    }
  }

  @Override
  protected Application configure() {
    useFreePort();
    REPORTS.clear();
    AsyncResourceTest.CLEAN_AT_START.clear();
    exporter = InMemorySpanExporter.create();
    runtime = TracingRuntime.create(
        TracingConfig.builder().setServiceName("unrecorded").setExporters(List.of()).setSamplingRatio(0.0).build(),
        List.of(exporter), List.of(REPORTS::add)).start();
    return new ResourceConfig(ProbeResource.class, UserResource.class, AppSpecificMapper.class, AsyncResource.class,
        ContextProbe.class, ScopeWitness.class).register(new TraceguardFeature(runtime));
  }

  @AfterEach
  void stopRuntime() {
    runtime.shutdown(Duration.ofSeconds(5));
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void get_unsampledParent_spanCurrentForCallsNoMdcNoTraceresponseScopeClosed() {
    Response response = target("probe").request().header("traceparent", UNSAMPLED_PARENT).get();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.readEntity(String.class)).isEqualTo(TRACE_ID + " 00 mdc=null");
    assertThat(response.getHeaderString("traceresponse")).isNull();
    assertThat(response.getHeaderString("X-Context-After")).isEqualTo("false");
  }

  @Test
  void get_traceguardException_problemWithTraceIdAndOneReport() throws InterruptedException {
    Response response = target("users/5000").request().header("traceparent", UNSAMPLED_PARENT).get();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.readEntity(String.class)).endsWith("\"trace_id\":\"" + TRACE_ID + "\"}");
    assertOneReport(TraceguardException.class);
  }

  @Test
  void get_applicationsOwnMapper_oneReport() throws InterruptedException {
    Response response = target("users/teapot").request().get();

    assertThat(response.getStatus()).isEqualTo(418);
    ErrorReport report = REPORTS.poll(5, TimeUnit.SECONDS);
    assertThat(report).isNotNull();
    assertThat(report.error()).isInstanceOf(TestResources.AppSpecificException.class);
    assertThat(report.sampled()).isFalse();
    assertThat(REPORTS.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void get_manyAsyncAndSyncRequests_noRequestThreadKeepsAContext() {
    for (int i = 0; i < 60; i++) {
      String path = i % 3 == 0 ? "async/suspended" : i % 3 == 1 ? "async/stage" : "async/sync";
      assertThat(target(path).request().get().getStatus()).isEqualTo(200);
    }

    assertThat(AsyncResourceTest.CLEAN_AT_START).hasSize(60).allMatch(entry -> entry.startsWith("clean "));
  }

  private static void assertOneReport(Class<? extends Throwable> type) throws InterruptedException {
    ErrorReport report = REPORTS.poll(5, TimeUnit.SECONDS);
    assertThat(report).isNotNull();
    assertThat(report.error()).isInstanceOf(type);
    assertThat(report.traceId()).isEqualTo(TRACE_ID);
    assertThat(report.sampled()).isFalse();
    assertThat(REPORTS.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }
}
