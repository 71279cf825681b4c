package dev.traceguard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.DropReason;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, point 1: 32 concurrent clients send 20,000 requests, each continuing its own trace, to synchronous,
 * suspended, {@code CompletionStage} and failing resources. Every exported SERVER span must belong to exactly its
 * request: any context bleeding between requests, threads or async resumptions would show as a wrong parent, path or
 * trace id, and with everything sampled and a queue large enough, no span may be missing.
 */
class ConcurrencyIT {
  static final int CLIENTS = 32;
  static final int REQUESTS = 20_000;
  private static final HexFormat HEX = HexFormat.of();
  private static final String[] KINDS = {"sync", "suspended", "stage", "missing"};

  /** What one request sent and what its span must therefore show. */
  record Sent(String traceId, String parentId, String path, String answeredSpanId) {}

  @Test
  void concurrentRequests_eachSpanCarriesItsOwnTraceParentAndPath_noneMissing() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(OtlpReceiver.Mode.OK)) {
      TracingRuntime runtime = TracingRuntime.create(TracingConfig.builder()
          .setServiceName("concurrency")
          .setSamplingRatio(1.0)
          .setExporters(List.of("otlp"))
          .setOtlpEndpoint(receiver.endpoint())
          .setMaxQueueSize(REQUESTS * 2)
          .setMaxExportBatchSize(1024)
          .setScheduleDelay(Duration.ofMillis(200))
          .build()).start();
      Map<String, Sent> byTraceId = new ConcurrentHashMap<>();
      List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      long began = System.nanoTime();
      try (TestApp app = TestApp.start(runtime)) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
              for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                send(http, app, i, byTraceId, failures);
              }
              return null;
            }));
          }
          for (Future<?> future : done) {
            future.get(5, TimeUnit.MINUTES);
          }
        } finally {
          clients.shutdownNow();
        }
        long sentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertThat(failures).as("requests answered wrongly").isEmpty();
        assertThat(byTraceId).hasSize(REQUESTS);

        runtime.forceFlush(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.spans().size() >= REQUESTS);
        Map<String, Span> spans = receiver.spans();
        System.out.printf("ConcurrencyIT: %d requests by %d clients in %d ms; %d spans received (%d distinct)%n",
            REQUESTS, CLIENTS, sentMillis, receiver.spansReceived(), spans.size());

        assertThat(spans).hasSize(REQUESTS);
        assertThat(receiver.spansReceived()).as("no span exported twice").isEqualTo(REQUESTS);
        for (Span span : spans.values()) {
          Sent sent = byTraceId.get(OtlpReceiver.hex(span.getTraceId()));
          assertThat(sent).as("span %s belongs to a request", span.getName()).isNotNull();
          assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
          assertThat(OtlpReceiver.hex(span.getParentSpanId())).isEqualTo(sent.parentId());
          assertThat(OtlpReceiver.hex(span.getSpanId())).isEqualTo(sent.answeredSpanId());
          assertThat(OtlpReceiver.stringAttributes(span)).containsEntry("url.path", sent.path());
        }
        for (DropReason reason : DropReason.values()) {
          assertThat(runtime.droppedSpans(reason)).as(reason.name()).isZero();
        }
      } finally {
        runtime.shutdown(Duration.ofSeconds(10));
      }
    }
  }

  private static void send(HttpClient http, TestApp app, int i, Map<String, Sent> byTraceId, List<String> failures)
      throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // The request index in the first bytes keeps every trace id distinct and non-zero.
    String traceId = String.format("%08x", i + 1) + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextInt());
    String parentId = HEX.toHexDigits(random.nextLong() | 1L);
    String kind = KINDS[i % KINDS.length];
    String path = "/r/" + kind + "/" + i;
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.base() + path.substring(1)))
        .timeout(Duration.ofSeconds(60))
        .header("traceparent", "00-" + traceId + "-" + parentId + "-01")
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    String traceresponse = response.headers().firstValue("traceresponse").orElse("");
    String[] parts = traceresponse.split("-");
    if (parts.length != 4 || !parts[1].equals(traceId)) {
      failures.add(path + ": traceresponse '" + traceresponse + "' for trace " + traceId);
      return;
    }
    boolean answered = kind.equals("missing")
        ? response.statusCode() == 404 && response.body().contains("\"trace_id\":\"" + traceId + "\"")
        : response.statusCode() == 200 && response.body().equals(kind + " " + i);
    if (!answered) {
      failures.add(path + ": " + response.statusCode() + " " + response.body());
    }
    byTraceId.put(traceId, new Sent(traceId, parentId, path, parts[2]));
  }
}
