package dev.traceguard.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A steady load: requests started at a fixed rate (not after the previous answer, so a slow server does not get a
 * lighter load), each recorded with the phase it started in, its latency, its status and the span id Traceguard
 * answered in {@code traceresponse}. Thread-safe; one load per test.
 */
final class Load implements AutoCloseable {
  /** One request's outcome; {@code spanId} is empty when the answer had no {@code traceresponse}. */
  record Result(String phase, long micros, int status, String spanId) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService senders = Executors.newFixedThreadPool(16);
  private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
  private final AtomicReference<String> phase = new AtomicReference<>("warm-up");
  private final AtomicInteger counter = new AtomicInteger();

  /** Starts {@code perSecond} requests a second to {@code base} + {@code r/sync/<n>}. */
  Load(URI base, int perSecond) {
    timer.scheduleAtFixedRate(() -> {
      String current = phase.get();
      int n = counter.incrementAndGet();
      senders.submit(() -> send(base, n, current));
    }, 0, 1_000_000L / perSecond, TimeUnit.MICROSECONDS);
  }

  private void send(URI base, int n, String startedIn) {
    long began = System.nanoTime();
    int status;
    String spanId = "";
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("r/sync/" + n))
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      status = response.statusCode();
      String[] parts = response.headers().firstValue("traceresponse").orElse("").split("-");
      spanId = parts.length == 4 ? parts[2] : "";
    } catch (Exception e) {
      status = -1;
    }
    results.add(new Result(startedIn, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - began), status, spanId));
  }

  /** Requests started from now on are counted in {@code name}. */
  void phase(String name) {
    phase.set(name);
  }

  /** Stops starting requests and waits for those in flight, at most 60 seconds. */
  List<Result> stop() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(10, TimeUnit.SECONDS);
    senders.shutdown();
    if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
      throw new AssertionError("requests still in flight after 60 s");
    }
    return List.copyOf(results);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    senders.shutdownNow();
  }

  static List<Result> in(List<Result> results, String phase) {
    return results.stream().filter(r -> r.phase().equals(phase)).toList();
  }

  /** The nearest-rank percentile of the latencies, in microseconds. */
  static long percentile(List<Result> results, double p) {
    List<Long> sorted = new ArrayList<>(results.stream().map(Result::micros).toList());
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
