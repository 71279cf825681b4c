import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's load: a fixed rate of requests to the demo gateway, scheduled at fixed times (not after the previous
 * answer) so a slow server is not given a lighter load. Args: port, requests per second, seconds.
 */
public final class SoakLoad {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    AtomicLong sent = new AtomicLong();
    AtomicLong[] byClass = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(),
        new AtomicLong()};
    AtomicLong failed = new AtomicLong();
    java.util.Map<String, AtomicLong> errors = new java.util.concurrent.ConcurrentHashMap<>();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    long periodMicros = 1_000_000L / rate;
    timer.scheduleAtFixedRate(() -> {
      long n = sent.incrementAndGet();
      // Mostly reads across two services, every tenth a 404 (problem+json), every fiftieth a 500.
      String path = n % 50 == 0 ? "/api/boom" : n % 10 == 0 ? "/api/users/" + (1000 + n % 100) : "/api/users/" + (1 + n % 999);
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).GET().build();
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
        if (error == null) {
          byClass[Math.min(response.statusCode() / 100, 5)].incrementAndGet();
        } else {
          failed.incrementAndGet();
          Throwable cause = error.getCause() != null ? error.getCause() : error;
          errors.computeIfAbsent(cause.getClass().getSimpleName() + ": " + cause.getMessage(), k -> new AtomicLong())
              .incrementAndGet();
        }
      });
    }, 0, periodMicros, TimeUnit.MICROSECONDS);
    Thread.sleep(seconds * 1000L);
    timer.shutdownNow();
    Thread.sleep(2000);
    System.out.printf("requests sent %d: 2xx %d, 4xx %d, 5xx %d, no answer %d%n",
        sent.get(), byClass[2].get(), byClass[4].get(), byClass[5].get(), failed.get());
    errors.forEach((error, count) -> System.out.printf("  %d x %s%n", count.get(), error));
  }
}
