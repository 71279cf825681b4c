package dev.traceguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bench/check-budget.sh} on JMH results written here: it passes figures within every budget, fails each kind
 * of budget it holds when that one is broken, judges paired time budgets on the upper end of their interval, and
 * says what a result lacks. Runs the script as a user would ({@code bash}, with {@code python3} on the path).
 */
class CheckBudgetScriptTest {
  private static final Path SCRIPT = Path.of("..", "bench", "check-budget.sh").toAbsolutePath().normalize();
  private static final String PAIR = "dev.traceguard.bench.RequestPairBenchmark.pair";
  private static final String REQUEST = "dev.traceguard.bench.RequestOverheadBenchmark.";
  private static final String MASKER = "dev.traceguard.bench.PiiMaskerBenchmark.";

  @TempDir Path dir;

  @Test
  void run_everyFigureWithinItsBudget_okAndExitZero() throws Exception {
    Result result = run(within());

    assertThat(result.output()).contains("ok   traced - baseline (request-thread CPU, paired)").doesNotContain("FAIL");
    assertThat(result.exit()).isZero();
  }

  /** Each kind of budget, broken alone: the one changed result of {@link #within()} and the line that must say so. */
  static Stream<Arguments> brokenBudgets() {
    return Stream.of(
        Arguments.of(0, pair("traced", 1_000, 10, 1_300),
            "FAIL allocation traced - baseline (paired): 1,300.000 B/op <= 1200"),
        // 0.05 us on the mean, but forks 0.2 us apart: the upper end of the interval is over 0.1 us.
        Arguments.of(3, pair("disabled", 50, 200, 0), "FAIL disabled - baseline (request-thread CPU, paired): 0.5"),
        Arguments.of(4, pair("rawSdk", 700, 10, 800), "FAIL (traced - baseline) / (rawSdk - baseline)"),
        Arguments.of(6, request("tracedError", 21_000, 40_000),
            "FAIL tracedError - baselineError (process CPU medians, separate JVMs): 20.000"));
  }

  @ParameterizedTest
  @MethodSource("brokenBudgets")
  void run_oneBudgetBroken_failsThatBudget(int index, String broken, String expected) throws Exception {
    List<String> runs = within();
    runs.set(index, broken);

    Result result = run(runs);

    assertThat(result.output()).contains(expected);
    assertThat(result.exit()).isEqualTo(1);
  }

  @Test
  void run_withTheAaPair_variantsReadNetOfItsBias() throws Exception {
    List<String> runs = within();
    runs.set(3, pair("disabled", 150, 10, 0)); // over budget alone, within it net of the A/A pair's 100 ns

    Result alone = run(runs);
    runs.add(pair("baseline", 100, 10, 0));
    Result net = run(runs);

    assertThat(alone.output()).contains("FAIL disabled - baseline");
    assertThat(net.output()).contains("ok   disabled - baseline").contains("net of the A/A pair: 0.050");
    assertThat(net.exit()).isZero();
  }

  @Test
  void run_withoutTheMasker_namesWhatIsMissing() throws Exception {
    List<String> runs = within().subList(0, 7);

    Result result = run(runs);

    assertThat(result.output()).contains("missing from the result: PiiMaskerBenchmark.clean (bytes counter)");
    assertThat(result.exit()).isEqualTo(2);
  }

  /** Every budget met: paired differences with forks 20 ns apart, process CPU +4 us, masker above its floors. */
  private static List<String> within() {
    List<String> runs = new ArrayList<>();
    runs.add(pair("traced", 1_000, 10, 1_100));
    runs.add(pair("tracedError", 1_500, 10, 2_000));
    runs.add(pair("unsampled", 200, 10, 280));
    runs.add(pair("disabled", 20, 10, 0));
    runs.add(pair("rawSdk", 900, 10, 800));
    runs.add(request("baselineError", 20_000, 20_000));
    runs.add(request("tracedError", 21_000, 24_000));
    runs.add(masker("clean", 250));
    runs.add(masker("dense", 80));
    return runs;
  }

  /** A RequestPairBenchmark result of three forks whose mean differences are mean − spread, mean, mean + spread. */
  private static String pair(String variant, long meanNs, long spreadNs, long allocatedBytes) {
    long pairs = 1_000;
    StringBuilder cpu = new StringBuilder();
    StringBuilder alloc = new StringBuilder();
    StringBuilder counts = new StringBuilder();
    for (int fork = -1; fork <= 1; fork++) {
      String separator = fork == -1 ? "" : ",";
      cpu.append(separator).append("[").append((meanNs + fork * spreadNs) * pairs).append("]");
      alloc.append(separator).append("[").append(allocatedBytes * pairs).append("]");
      counts.append(separator).append("[").append(pairs).append("]");
    }
    return String.format(Locale.ROOT, "{\"benchmark\":\"%s\",\"params\":{\"variant\":\"%s\"},"
        + "\"primaryMetric\":{\"score\":1,\"rawData\":[[1]]},\"secondaryMetrics\":{"
        + "\"cpuDiffNs\":{\"score\":0,\"rawData\":[%s]},\"allocDiffBytes\":{\"score\":0,\"rawData\":[%s]},"
        + "\"pairs\":{\"score\":0,\"rawData\":[%s]}}}", PAIR, variant, cpu, alloc, counts);
  }

  /** A RequestOverheadBenchmark result with the request thread's and the process's CPU per operation. */
  private static String request(String method, long threadNs, long processNs) {
    return String.format(Locale.ROOT, "{\"benchmark\":\"%s%s\",\"primaryMetric\":{\"score\":%d,\"rawData\":[[%d]]},"
        + "\"secondaryMetrics\":{\"cpu.benchmark.norm\":{\"score\":%d,\"rawData\":[[%d]]},"
        + "\"cpu.process.norm\":{\"score\":%d,\"rawData\":[[%d]]}}}",
        REQUEST, method, threadNs, threadNs, threadNs, threadNs, processNs, processNs);
  }

  private static String masker(String input, double megabytesPerSecond) {
    return String.format(Locale.ROOT, "{\"benchmark\":\"%s%s\",\"primaryMetric\":{\"score\":1,\"rawData\":[[1]]},"
        + "\"secondaryMetrics\":{\"bytes\":{\"score\":%s}}}", MASKER, input, megabytesPerSecond);
  }

  private Result run(List<String> runs) throws IOException, InterruptedException {
    Path file = dir.resolve("result.json");
    Files.writeString(file, "[" + String.join(",", runs) + "]", StandardCharsets.UTF_8);
    Process process = new ProcessBuilder("bash", SCRIPT.toString(), file.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exit, String output) {}
}
