package dev.traceguard.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.traceguard.bench.CpuTimeProfiler}) that reports, per operation, the CPU time of the
 * benchmark's own threads ({@code cpu.benchmark.norm}) and of the whole process ({@code cpu.process.norm}), both in
 * ns/op over every operation of the iteration.
 *
 * <p>Why: on a shared two-core machine a benchmark thread's wall time also counts the time it waited for a core,
 * which another tenant, the batch processor's export thread or a garbage collector took. Its CPU time is what the
 * operation itself cost that thread: for a request handled in-process, what tracing adds to the request's latency
 * when a core is free. The process figure adds what the operation costs elsewhere, on the export thread and in the
 * collector: the cost in machine throughput. Benchmark threads are found by JMH's {@code -jmh-worker-} thread names.
 *
 * <p>Not thread-safe: JMH creates one instance per fork and calls it from its control thread only.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private static final String WORKER = "-jmh-worker-";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final OperatingSystemMXBean os =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
  private final Map<Long, Long> workerCpuBefore = new HashMap<>();
  private long processCpuBefore;

  /** Created by JMH; fails when this JVM cannot measure thread CPU time. */
  public CpuTimeProfiler() {
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
    threads.setThreadCpuTimeEnabled(true);
  }

  /** Describes the two figures. */
  @Override
  public String getDescription() {
    return "CPU time per operation of the benchmark threads and of the whole process";
  }

  /** Notes each benchmark thread's CPU time and the process's. */
  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    workerCpuBefore.clear();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(WORKER)) {
        workerCpuBefore.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    processCpuBefore = os.getProcessCpuTime();
  }

  /**
   * Returns the CPU time the benchmark threads and the process used since {@link #beforeIteration}, per operation;
   * a benchmark thread started during the iteration counts from its start.
   */
  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long processCpu = os.getProcessCpuTime() - processCpuBefore;
    long workerCpu = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(WORKER)) {
        long now = threads.getThreadCpuTime(info.getThreadId());
        if (now >= 0) {
          workerCpu += now - workerCpuBefore.getOrDefault(info.getThreadId(), 0L);
        }
      }
    }
    long ops = result.getMetadata().getAllOps();
    double perOp = ops == 0 ? Double.NaN : 1.0 / ops;
    return List.of(
        new ScalarResult("cpu.benchmark.norm", workerCpu * perOp, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.process.norm", processCpu * perOp, "ns/op", AggregationPolicy.AVG));
  }
}
