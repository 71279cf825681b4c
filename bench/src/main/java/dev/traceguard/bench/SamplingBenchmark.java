package dev.traceguard.bench;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.DropReason;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The cost on the request thread of one span, started, given three attributes and ended, through a real {@link
 * TracingRuntime} under each sampling mode, and through a bare OpenTelemetry SDK as the floor.
 *
 * <p>Every runtime exports to a {@link DiscardingSpanExporter} only ({@code otel.traces.exporter=none} plus one
 * additional exporter), so what is measured is Traceguard's pipeline in front of an exporter: sampler, span
 * processors, the batch processor's queue. The batch processor's own thread (which also runs the PII masker) competes
 * for the CPU as it would in a server; when the benchmark outruns it, the queue fills and spans are dropped, which
 * each state's tear-down prints (the batch processor's own warning about it is silenced). Run with {@code -prof gc}
 * for the bytes allocated per span.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SamplingBenchmark {

  private static final String SPAN_NAME = "GET /orders/{id}";
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  // Boxed once: 200 is outside Long's cache, and boxing on every call would charge the benchmark, not the tracer.
  private static final Long STATUS_OK = 200L;
  private static final Long STATUS_ERROR = 500L;
  // Held, so that the level set on it is not lost when the logger is collected (JUL keeps loggers weakly).
  private static final Logger BATCH_PROCESSOR_LOG = Logger.getLogger("io.opentelemetry.sdk.trace.export");

  /**
   * Silences the batch processor's "dropped N spans because the queue is full" warning, logged on every export
   * while the queue overflows: in a benchmark that outruns the exporter that is thousands of lines a second, and
   * printing them through JMH's pipe would charge the measurement with logging. The drops are still counted and
   * printed once, at tear-down.
   */
  static void quietBatchProcessorLog() {
    BATCH_PROCESSOR_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  /** A started runtime over a discarding exporter; subclasses choose the configuration. */
  abstract static class RuntimeState {
    final DiscardingSpanExporter exporter = new DiscardingSpanExporter();
    @Nullable TracingRuntime runtime;
    Tracer tracer = OpenTelemetry.noop().getTracer(TracingRuntime.INSTRUMENTATION_SCOPE);

    void start(TracingConfig config) {
      quietBatchProcessorLog();
      TracingRuntime started = TracingRuntime.create(config, List.of(exporter)).start();
      runtime = started;
      tracer = started.tracer();
    }

    void stop(BenchmarkParams params) {
      TracingRuntime started = runtime;
      if (started == null) {
        return;
      }
      long dropped = started.droppedSpans(DropReason.QUEUE_FULL);
      started.shutdown(Duration.ofSeconds(30));
      System.out.printf("%n[%s] spans exported: %,d; dropped with the queue full: %,d%n",
          shortName(params), exporter.exported(), dropped);
    }
  }

  /** Ratio 1: every span recorded and queued for export. */
  @State(Scope.Benchmark)
  public static class Sampled extends RuntimeState {
    @Setup(Level.Trial)
    public void setUp() {
      start(config(1.0, false));
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      stop(params);
    }
  }

  /** Ratio 0, not parent-based: every span dropped by the sampler, a non-recording span handed out. */
  @State(Scope.Benchmark)
  public static class Unsampled extends RuntimeState {
    @Setup(Level.Trial)
    public void setUp() {
      start(config(0.0, false));
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      stop(params);
    }
  }

  /** Ratio 0 with keep-errors: every span recorded, exported only when it ends in error. */
  @State(Scope.Benchmark)
  public static class KeepErrors extends RuntimeState {
    @Setup(Level.Trial)
    public void setUp() {
      start(config(0.0, true));
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      stop(params);
    }
  }

  /** {@link TracingConfig#disabled()}: no SDK at all, the no-op tracer. */
  @State(Scope.Benchmark)
  public static class Disabled extends RuntimeState {
    @Setup(Level.Trial)
    public void setUp() {
      start(TracingConfig.disabled());
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      stop(params);
    }
  }

  /** The floor: an SDK tracer, always on, with a default batch processor over the same kind of exporter. */
  @State(Scope.Benchmark)
  public static class RawSdk {
    final DiscardingSpanExporter exporter = new DiscardingSpanExporter();
    @Nullable SdkTracerProvider provider;
    Tracer tracer = OpenTelemetry.noop().getTracer(TracingRuntime.INSTRUMENTATION_SCOPE);

    @Setup(Level.Trial)
    public void setUp() {
      quietBatchProcessorLog();
      SdkTracerProvider built = SdkTracerProvider.builder()
          .setSampler(Sampler.alwaysOn())
          .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
          .build();
      provider = built;
      tracer = built.get(TracingRuntime.INSTRUMENTATION_SCOPE);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      SdkTracerProvider built = provider;
      if (built != null) {
        built.shutdown().join(30, TimeUnit.SECONDS);
        System.out.printf("%n[%s] spans exported: %,d%n", shortName(params), exporter.exported());
      }
    }
  }

  /** The benchmark method's name, such as {@code sampled}, for the tear-down's line. */
  static String shortName(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  static TracingConfig config(double ratio, boolean keepErrors) {
    return TracingConfig.builder()
        .setServiceName("traceguard-bench")
        .setExporters(List.of())
        .setSamplingRatio(ratio)
        .setParentBased(false)
        .setKeepErrors(keepErrors)
        .build();
  }

  static Span span(Tracer tracer, boolean error) {
    Span span = tracer.spanBuilder(SPAN_NAME).setSpanKind(SpanKind.SERVER).startSpan();
    span.setAttribute(METHOD, "GET");
    span.setAttribute(ROUTE, "/orders/{id}");
    if (error) {
      span.setAttribute(STATUS, STATUS_ERROR);
      span.setStatus(StatusCode.ERROR);
    } else {
      span.setAttribute(STATUS, STATUS_OK);
    }
    span.end();
    return span;
  }

  @Benchmark
  public Span sampled(Sampled state) {
    return span(state.tracer, false);
  }

  @Benchmark
  public Span unsampled(Unsampled state) {
    return span(state.tracer, false);
  }

  /** What keep-errors adds to every dropped span: it is recorded, then judged at its end and discarded. */
  @Benchmark
  public Span keepErrorsUnsampled(KeepErrors state) {
    return span(state.tracer, false);
  }

  /** An unsampled span ending in ERROR under keep-errors: recorded, kept and queued for export. */
  @Benchmark
  public Span keepErrorsUnsampledError(KeepErrors state) {
    return span(state.tracer, true);
  }

  @Benchmark
  public Span disabled(Disabled state) {
    return span(state.tracer, false);
  }

  @Benchmark
  public Span rawSdk(RawSdk state) {
    return span(state.tracer, false);
  }
}
