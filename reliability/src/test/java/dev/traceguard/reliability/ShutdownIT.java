package dev.traceguard.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.core.OtlpJsonLines;
import dev.traceguard.examples.DemoProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue #10, point 5: the demo jar, exporting to a file, holds every span in its queues (a minute's batch delay, a
 * batch size above what the test makes) when it gets SIGTERM. Each span must be in the file once the JVM has
 * exited, within a bounded time, and none twice.
 */
class ShutdownIT {
  static final int REQUESTS = 400;
  /** A user lookup is three spans: the gateway's SERVER and CLIENT spans, the users service's SERVER span. */
  static final int SPANS_PER_REQUEST = 3;

  @Test
  void sigterm_everyQueuedSpanExportedOnce_beforeTheJvmExits() throws Exception {
    Path file = Files.createDirectories(Path.of("target", "demo")).resolve("shutdown-spans.jsonl").toAbsolutePath();
    Files.deleteIfExists(file);
    try (DemoProcess demo = DemoProcess.start("shutdown", Map.of(
        "otel.traces.exporter", "file",
        "traceguard.exporter.file.path", file.toString(),
        "otel.bsp.schedule.delay", "1m",
        "otel.bsp.max.queue.size", "8192",
        "otel.bsp.max.export.batch.size", "4096"))) {
      for (int i = 1; i <= REQUESTS; i++) {
        HttpResponse<String> response = demo.get(demo.port, "/api/users/" + i, Map.of());
        assertThat(response.statusCode()).as("GET /api/users/%d", i).isEqualTo(200);
      }
      assertThat(Files.exists(file) ? Files.size(file) : 0L).as("nothing exported before SIGTERM").isZero();

      long began = System.nanoTime();
      int status = demo.terminate();
      long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

      Map<String, Integer> timesBySpanId = new HashMap<>();
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : lines) {
        assertThat(OtlpJsonLines.isOneObject(line)).as("a whole line").isTrue();
        for (Map<String, String> span : OtlpJsonLines.spans(line)) {
          timesBySpanId.merge(span.get("spanId"), 1, Integer::sum);
        }
      }
      long twice = timesBySpanId.values().stream().filter(n -> n > 1).count();
      System.out.printf("ShutdownIT: %d requests, SIGTERM to exit %d ms (status %d), %d lines, %d distinct spans,"
          + " %d exported more than once%n", REQUESTS, exitMillis, status, lines.size(), timesBySpanId.size(), twice);
      assertThat(status).isEqualTo(143);
      assertThat(timesBySpanId).hasSize(REQUESTS * SPANS_PER_REQUEST);
      assertThat(twice).as("spans exported twice").isZero();
    }
  }
}
