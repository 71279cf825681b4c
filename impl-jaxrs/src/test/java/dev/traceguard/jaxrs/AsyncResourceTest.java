package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.annotation.Priority;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Application;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asynchronous resources: the span ends when the response resumes, and no request thread keeps its context. */
class AsyncResourceTest extends LoopbackJerseyTest {
  static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);
  /** Whether each request began on a thread whose context was clean: a leaked scope would show here. */
  static final ConcurrentLinkedQueue<String> CLEAN_AT_START = new ConcurrentLinkedQueue<>();

  private InMemorySpanExporter exporter;
  private TracingRuntime runtime;

  @Path("/async")
  public static class AsyncResource {
    @GET
    @Path("/suspended")
    public void suspended(@Suspended AsyncResponse response) {
      String traceId = Span.current().getSpanContext().getTraceId();
      WORKERS.submit(() -> response.resume("resumed " + traceId));
    }

    @GET
    @Path("/stage")
    public CompletionStage<String> stage() {
      return CompletableFuture.supplyAsync(() -> "staged", WORKERS);
    }

    @GET
    @Path("/sync")
    public String sync() {
      return "sync";
    }
  }

  /** Runs before Traceguard's filter and notes whether the thread arrived with a clean context. */
  @PreMatching
  @Priority(1)
  public static class ContextProbe implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      CLEAN_AT_START.add((Context.current() == Context.root() ? "clean " : "dirty ") + Thread.currentThread().getName()
          + " " + request.getUriInfo().getPath() + " leaked=" + Span.current().getSpanContext().getSpanId());
    }
  }

  @Override
  protected Application configure() {
    useFreePort();
    exporter = InMemorySpanExporter.create();
    runtime = TracingRuntime.create(
        TracingConfig.builder().setServiceName("async").setExporters(List.of()).build(), List.of(exporter)).start();
    CLEAN_AT_START.clear();
    return new ResourceConfig(AsyncResource.class, ContextProbe.class).register(new TraceguardFeature(runtime));
  }

  @AfterEach
  void stopRuntime() {
    runtime.shutdown(Duration.ofSeconds(5));
  }

  private List<SpanData> spans(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      runtime.forceFlush(Duration.ofSeconds(5));
      return exporter.getFinishedSpanItems().size() >= count;
    });
    return exporter.getFinishedSpanItems();
  }

  @Test
  void get_suspendedResponseResumedElsewhere_spanEndsWithRouteAndStatus() {
    String body = target("async/suspended").request().get(String.class);

    SpanData span = spans(1).get(0);
    assertThat(body).isEqualTo("resumed " + span.getTraceId());
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getName()).isEqualTo("GET /async/suspended");
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
  }

  @Test
  void get_completionStage_spanEndsWhenTheStageCompletes() {
    assertThat(target("async/stage").request().get(String.class)).isEqualTo("staged");

    SpanData span = spans(1).get(0);
    assertThat(span.getName()).isEqualTo("GET /async/stage");
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
  }

  @Test
  void get_manyAsyncAndSyncRequests_noRequestThreadKeepsAContext() {
    for (int i = 0; i < 60; i++) {
      String path = i % 3 == 0 ? "async/suspended" : i % 3 == 1 ? "async/stage" : "async/sync";
      assertThat(target(path).request().get().getStatus()).isEqualTo(200);
    }

    assertThat(spans(60)).hasSize(60);
    assertThat(CLEAN_AT_START).hasSize(60).allMatch(entry -> entry.startsWith("clean "));
  }
}
