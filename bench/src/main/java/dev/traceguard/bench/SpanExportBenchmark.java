package dev.traceguard.bench;

import dev.traceguard.api.StackTraceMode;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * What exporting one SERVER span costs the export thread (rendering stack traces, masking, the batch processor),
 * read from that thread's own CPU time, which no request-side noise reaches.
 *
 * <p>Each operation ends {@value #BATCH} spans with a request's attributes (one of them an e-mail in the query) and
 * flushes them through the runtime's export path to a discarding exporter. {@code plain}: no exception. {@code
 * repeatedFailure}: each span records a fresh exception with a message holding an e-mail, thrown about a hundred
 * frames deep from the same place, as a recurring production failure is. {@code variedFailure}: the same, thrown from
 * one of 1,000 depths in turn, so that no block of frames is found again among the 64 the export path keeps: what a
 * failure seen for the first time costs.
 *
 * <p>The counters {@code exportCpuNs} and {@code spans} are totals per iteration; their ratio is the export thread's
 * CPU per span. Creating the exceptions costs the benchmark thread, not the export thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SpanExportBenchmark {
  /** Spans per operation: {@value}. */
  static final int BATCH = 64;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int FRAMES = 100;
  private static final int DEPTHS = 1000;

  /** A started runtime and the export thread it runs. */
  @State(Scope.Thread)
  public static class Exporting {
    /** Whether and how the spans fail. */
    @Param({"plain", "repeatedFailure", "variedFailure"})
    public String variant;

    /** {@code traceguard.pii.enabled}, to tell the masking's share: {@code true} by default. */
    @Param({"true"})
    public boolean masking;

    /** {@code traceguard.exception.stacktrace}, to tell the stack trace's share: {@code SANITIZED} by default. */
    @Param({"SANITIZED"})
    public StackTraceMode stackTraces;

    final DiscardingSpanExporter exporter = new DiscardingSpanExporter();
    @Nullable TracingRuntime runtime;
    Tracer tracer = io.opentelemetry.api.OpenTelemetry.noop().getTracer("none");
    long workerId = -1;
    int next;

    /** Starts the runtime and finds its batch processor's thread. */
    @Setup(Level.Trial)
    public void setUp() {
      SamplingBenchmark.quietBatchProcessorLog();
      TracingConfig config = SamplingBenchmark.config(1.0, false).toBuilder()
          .setPiiMaskingEnabled(masking)
          .setStackTraceMode(stackTraces)
          .build();
      TracingRuntime started = TracingRuntime.create(config, List.of(exporter)).start();
      runtime = started;
      tracer = started.tracer();
      started.forceFlush(Duration.ofSeconds(10)); // the worker thread exists once it has run
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getName().startsWith("BatchSpanProcessor_WorkerThread")) {
          workerId = thread.getId();
        }
      }
      if (workerId < 0) {
        throw new IllegalStateException("No batch processor thread found");
      }
    }

    /** Stops the runtime. */
    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      TracingRuntime started = runtime;
      if (started != null) {
        started.shutdown(Duration.ofSeconds(30));
        System.out.printf("%n[%s] spans exported: %,d%n", SamplingBenchmark.shortName(params), exporter.exported());
      }
    }

    @Nullable TraceguardException failure() {
      return switch (variant) {
        case "repeatedFailure" -> thrownAt(FRAMES);
        case "variedFailure" -> thrownAt(FRAMES / 2 + next++ % DEPTHS);
        default -> null;
      };
    }
  }

  /** The export thread's CPU and the spans it exported, per iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    /** Nanoseconds of the export thread's CPU. */
    public long exportCpuNs;
    /** Spans exported. */
    public long spans;

    /** Starts each iteration at zero. */
    @Setup(Level.Iteration)
    public void reset() {
      exportCpuNs = 0;
      spans = 0;
    }
  }

  /** Ends a batch of spans and flushes it, counting the export thread's CPU while it runs. */
  @Benchmark
  public void exportBatch(Exporting state, Counters counters) {
    TracingRuntime runtime = state.runtime;
    long before = THREADS.getThreadCpuTime(state.workerId);
    for (int i = 0; i < BATCH; i++) {
      Span span = state.tracer.spanBuilder("GET /users/{id}").setSpanKind(SpanKind.SERVER).startSpan();
      span.setAttribute(TraceguardAttributes.HTTP_REQUEST_METHOD, "GET");
      span.setAttribute(TraceguardAttributes.URL_SCHEME, "http");
      span.setAttribute(TraceguardAttributes.URL_PATH, "/users/1001");
      span.setAttribute(TraceguardAttributes.URL_QUERY, "notify=alice.smith@example.com");
      span.setAttribute(TraceguardAttributes.HTTP_ROUTE, "/users/{id}");
      span.setAttribute(TraceguardAttributes.SERVER_ADDRESS, "localhost");
      span.setAttribute(TraceguardAttributes.SERVER_PORT, 8080L);
      span.setAttribute(TraceguardAttributes.USER_AGENT_ORIGINAL, "bench/1.0");
      span.setAttribute(TraceguardAttributes.CLIENT_ADDRESS, "127.0.0.1");
      TraceguardException failure = state.failure();
      if (failure != null) {
        runtime.exceptionTracer().record(span, SpanKind.SERVER, failure, 404);
      } else {
        span.setAttribute(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, 200L);
      }
      span.end();
    }
    runtime.forceFlush(Duration.ofSeconds(10));
    counters.exportCpuNs += THREADS.getThreadCpuTime(state.workerId) - before;
    counters.spans += BATCH;
  }

  /** A fresh exception thrown {@code depth} frames below this one. */
  static TraceguardException thrownAt(int depth) {
    return depth <= 0
        ? new TraceguardException(RequestOverheadBenchmark.BenchError.NOT_FOUND,
            "No user with e-mail alice.smith@example.com")
        : thrownAt(depth - 1);
  }
}
