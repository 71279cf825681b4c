package dev.traceguard.bench;

import dev.traceguard.bench.RequestOverheadBenchmark.App;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What Traceguard adds to one request, measured as a paired difference: each operation handles one request in a
 * {@link RequestOverheadBenchmark} application of the {@code variant} and the same request in the baseline
 * application, in the same JVM, alternating which goes first, and counts the request thread's CPU time and
 * allocation of each.
 *
 * <p>Why: on two cores one JVM differs from the next by about a microsecond for the same request (JIT decisions,
 * code layout), more than the budgets being checked; separate benchmarks per variant compare across JVMs and cannot
 * resolve 0.2 µs without a hundred forks. Here both sides share the JVM, its JIT state and its moment, and alternating
 * the order cancels what going first or second costs. The measurement's own cost (two thread-CPU and two allocation
 * readings per request) is the same on both sides and cancels in the difference.
 *
 * <p>{@code baseline} pairs the baseline with a second, identical application: what the method reads when nothing
 * differs, its bias and its noise, against which the other variants are read. {@code emptyHooks} is what Jersey
 * charges for the filters and event listener Traceguard registers, before they do anything; {@code emptyFilters}, the
 * filters alone.
 *
 * <p>The counters {@code cpuDiffNs}, {@code allocDiffBytes} and {@code pairs} are totals per iteration; {@code
 * bench/paired.py} turns a JSON result into the mean difference per request with a 95 % interval over forks (each
 * fork's mean is one sample, since iterations of one JVM share its JIT state). Allocation is exact up to the rare
 * TLAB refill the measurement itself causes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(5)
public class RequestPairBenchmark {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** The two applications and the request they answer. */
  @State(Scope.Thread)
  public static class Pair {
    /** Which application is compared with the baseline. */
    @Param({"baseline", "traced", "unsampled", "disabled", "rawSdk", "emptyHooks", "tracedError"})
    public String variant;

    App baseline;
    App other;
    URI uri;
    boolean otherFirst;

    /** Builds both applications. */
    @Setup(Level.Trial)
    public void setUp() {
      RequestOverheadBenchmark.Baseline base = new RequestOverheadBenchmark.Baseline();
      base.setUp();
      baseline = base;
      uri = variant.equals("tracedError") ? RequestOverheadBenchmark.MISSING : RequestOverheadBenchmark.USER;
      other = switch (variant) {
        case "baseline" -> {
          RequestOverheadBenchmark.Baseline twin = new RequestOverheadBenchmark.Baseline();
          twin.setUp();
          yield twin;
        }
        case "traced", "tracedError" -> started(new RequestOverheadBenchmark.Traced());
        case "unsampled" -> started(new RequestOverheadBenchmark.Unsampled());
        case "disabled" -> started(new RequestOverheadBenchmark.Disabled());
        case "emptyHooks" -> {
          RequestOverheadBenchmark.Hooks hooks = new RequestOverheadBenchmark.Hooks();
          hooks.setUp();
          yield hooks;
        }
        case "emptyFilters" -> {
          RequestOverheadBenchmark.Filters filters = new RequestOverheadBenchmark.Filters();
          filters.setUp();
          yield filters;
        }
        case "rawSdk" -> {
          RequestOverheadBenchmark.RawSdk raw = new RequestOverheadBenchmark.RawSdk();
          raw.setUp();
          yield raw;
        }
        default -> throw new IllegalArgumentException("no variant " + variant);
      };
    }

    private static App started(RequestOverheadBenchmark.TracedApp app) {
      app.setUp();
      return app;
    }

    /** Stops the variant's runtime, exporting what it queued. */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      if (other instanceof RequestOverheadBenchmark.TracedApp traced) {
        traced.tearDown(params);
      } else if (other instanceof RequestOverheadBenchmark.RawSdk raw) {
        raw.tearDown();
      }
    }
  }

  /** The iteration's totals, which JMH reports as secondary results. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Totals {
    /** The variant's request-thread CPU minus the baseline's, summed over the iteration's pairs. */
    public long cpuDiffNs;
    /** The variant's allocation minus the baseline's, summed over the iteration's pairs. */
    public long allocDiffBytes;
    /** Pairs handled in the iteration. */
    public long pairs;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
      cpuDiffNs = 0;
      allocDiffBytes = 0;
      pairs = 0;
    }
  }

  /** One request in each application, the order alternating from one operation to the next. */
  @Benchmark
  public int pair(Pair pair, Totals totals) throws Exception {
    boolean otherFirst = pair.otherFirst = !pair.otherFirst;
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long alloc0 = THREADS.getCurrentThreadAllocatedBytes();
    int first = (otherFirst ? pair.other : pair.baseline).get(pair.uri);
    long cpu1 = THREADS.getCurrentThreadCpuTime();
    long alloc1 = THREADS.getCurrentThreadAllocatedBytes();
    int second = (otherFirst ? pair.baseline : pair.other).get(pair.uri);
    long cpu2 = THREADS.getCurrentThreadCpuTime();
    long alloc2 = THREADS.getCurrentThreadAllocatedBytes();
    long cpuDiff = (cpu1 - cpu0) - (cpu2 - cpu1);
    long allocDiff = (alloc1 - alloc0) - (alloc2 - alloc1);
    totals.cpuDiffNs += otherFirst ? cpuDiff : -cpuDiff;
    totals.allocDiffBytes += otherFirst ? allocDiff : -allocDiff;
    totals.pairs++;
    return first + second;
  }
}
