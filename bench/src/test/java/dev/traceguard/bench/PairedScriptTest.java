package dev.traceguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/paired.py} on a {@link SpanExportBenchmark} result written here: each fork's export-thread CPU per
 * span, their mean and Student's 95 % interval. Runs the script as a user would, with {@code python3} on the path.
 */
class PairedScriptTest {
  private static final Path SCRIPT = Path.of("..", "bench", "paired.py").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void run_spanExportResult_perSpanMeanWithItsIntervalOverForks() throws Exception {
    // Three forks of two iterations, 64 spans each: 19, 20 and 21 us per span.
    String cpu = "[[1216000,1216000],[1280000,1280000],[1344000,1344000]]";
    String spans = "[[64,64],[64,64],[64,64]]";
    Path file = dir.resolve("export.json");
    Files.writeString(file, "[{\"benchmark\":\"dev.traceguard.bench.SpanExportBenchmark.exportBatch\","
        + "\"params\":{\"variant\":\"repeatedFailure\"},\"primaryMetric\":{\"score\":1,\"rawData\":[[1]]},"
        + "\"secondaryMetrics\":{\"exportCpuNs\":{\"score\":0,\"rawData\":" + cpu + "},"
        + "\"spans\":{\"score\":0,\"rawData\":" + spans + "}}}]", StandardCharsets.UTF_8);

    Process process = new ProcessBuilder("python3", SCRIPT.toString(), file.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    // half-width: t(2) 4.303 x 1,000 / sqrt(3)
    assertThat(output).contains("| repeatedFailure | 20,000 ± 2,484 | 19,000, 20,000, 21,000 |");
  }
}
