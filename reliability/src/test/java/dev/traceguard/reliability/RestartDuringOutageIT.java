package dev.traceguard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.examples.DemoProcess;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #21, point 4: with {@code traceguard.exporter.retry.directory}, the demo keeps the spans of its failed
 * exports in files while its OTLP receiver is down, is killed with SIGKILL (no shutdown hook, no flush), and a new
 * demo process started after the receiver came back sends what the first one had kept, without any request.
 */
class RestartDuringOutageIT {
  static final int REQUESTS = 20;
  /** A user lookup is three spans: the gateway's SERVER and CLIENT spans, the users service's SERVER span. */
  static final int SPANS_PER_REQUEST = 3;

  /** The span count in a retry file's header: after the magic number and the version (DirectoryRetryStore). */
  private static int spansIn(Path file) {
    try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
      data.readInt();
      data.readInt();
      return data.readInt();
    } catch (IOException e) {
      return 0; // renamed or deleted meanwhile
    }
  }

  private static int spansKept(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(f -> f.toString().endsWith(".spans")).mapToInt(RestartDuringOutageIT::spansIn).sum();
    } catch (UncheckedIOException e) {
      return 0; // a temporary file renamed while the walk looked at it: the caller asks again
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  @Test
  void sigkillDuringOutage_restartAfterIt_keptSpansDelivered() throws Exception {
    Path directory = Path.of("target", "demo", "retry-directory").toAbsolutePath();
    deleteTree(directory);
    try (OtlpReceiver receiver = OtlpReceiver.start(OtlpReceiver.Mode.OK)) {
      receiver.down();
      Map<String, String> properties = Map.of(
          "otel.traces.exporter", "otlp",
          "otel.exporter.otlp.endpoint", receiver.endpoint(),
          "otel.bsp.schedule.delay", "100ms",
          "traceguard.exporter.otlp.retry.max-attempts", "1",
          "traceguard.exporter.retry.initial-backoff", "1s",
          "traceguard.exporter.retry.directory", directory.toString());

      try (DemoProcess first = DemoProcess.start("retry-directory-1", properties)) {
        for (int i = 1; i <= REQUESTS; i++) {
          assertThat(first.get(first.port, "/api/users/" + i, Map.of()).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20))
            .until(() -> spansKept(directory) == REQUESTS * SPANS_PER_REQUEST);
        assertThat(first.kill()).isEqualTo(DemoProcess.SIGKILL_STATUS);
      }
      assertThat(receiver.spans()).as("nothing reached the receiver while it was down").isEmpty();

      receiver.up();
      long started = System.nanoTime();
      try (DemoProcess second = DemoProcess.start("retry-directory-2", properties)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.spans().size() >= REQUESTS * SPANS_PER_REQUEST);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        List<String> paths = receiver.spans().values().stream()
            .filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
            .map(span -> OtlpReceiver.stringAttributes(span).get("url.path"))
            .filter(path -> path != null && path.startsWith("/api/users/"))
            .toList();
        System.out.printf("RestartDuringOutageIT: %d spans kept through SIGKILL, delivered %d ms after the restart"
            + " began (JVM start included)%n", receiver.spans().size(), tookMillis);
        assertThat(receiver.spans()).hasSize(REQUESTS * SPANS_PER_REQUEST);
        assertThat(paths).as("the gateway's SERVER span of every lookup").hasSizeGreaterThanOrEqualTo(REQUESTS);
        await().atMost(Duration.ofSeconds(10)).until(() -> spansKept(directory) == 0);
        second.terminate();
      }
    }
  }
}
