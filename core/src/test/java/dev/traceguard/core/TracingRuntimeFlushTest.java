package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flushes that follow one another closely: the SDK's batch processor may answer a flush requested as its worker
 * ends the previous one with that one's result, its own spans still queued, and a shutdown requested then used to
 * stop the worker with them queued (lost, counted as SHUTDOWN).
 */
class TracingRuntimeFlushTest {
  @TempDir Path tempDir;

  @Test
  void forceFlush_oneRightAfterAnother_eachReturnsOnceItsSpanIsExported() throws Exception {
    Path file = tempDir.resolve("spans.jsonl");
    // A schedule delay longer than the test: only the flushes export.
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.builder()
        .setServiceName("flush-test")
        .setExporters(List.of("file"))
        .setFilePath(file)
        .setScheduleDelay(Duration.ofMinutes(10))
        .build()).start();
    try {
      for (int round = 0; round < 20; round++) {
        runtime.tracer().spanBuilder("round-" + round).startSpan().end();

        assertThat(runtime.forceFlush(Duration.ofSeconds(10))).as("flush of round %d", round).isTrue();

        assertThat(Files.readString(file)).as("round %d", round).contains("\"round-" + round + "\"");
      }
      runtime.tracer().spanBuilder("last").startSpan().end();

      assertThat(runtime.shutdown(Duration.ofSeconds(10))).isTrue();
      assertThat(Files.readString(file)).contains("\"last\"");
    } finally {
      runtime.close();
    }
  }
}
