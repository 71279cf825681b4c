package dev.traceguard.bench;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What starting a runtime costs an application: {@code TracingRuntime.create(config).start()} with the default
 * exporter (OTLP over HTTP, to a port nobody listens on, so nothing is sent), measured two ways.
 *
 * <ul>
 *   <li>{@link #firstStart}: single shot, the first start in a new JVM, as an application's deployment pays it:
 *       class loading and the SDK's provider look-ups included. One measurement per fork, ten forks.
 *   <li>{@link #repeatedStart}: average time of a start in a JVM that has started many before (a warm JIT, classes
 *       loaded), which leaves the work each start repeats: reading the providers on the class path, building the
 *       SDK, the exporter's HTTP client.
 * </ul>
 *
 * <p>Each runtime is shut down after its measurement, outside it.
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RuntimeStartBenchmark {
  private final TracingConfig config =
      TracingConfig.builder().setServiceName("start-bench").setOtlpEndpoint("http://127.0.0.1:9").build();
  private @Nullable TracingRuntime runtime;

  /** The first start in a new JVM. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Fork(10)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public TracingRuntime firstStart() {
    return started();
  }

  /** A start in a warm JVM. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Fork(2)
  @Warmup(iterations = 5, time = 2)
  @Measurement(iterations = 5, time = 2)
  public TracingRuntime repeatedStart() {
    return started();
  }

  private TracingRuntime started() {
    TracingRuntime started = TracingRuntime.create(config).start();
    runtime = started;
    return started;
  }

  /** Stops the runtime the measurement started, so that no export thread piles up. */
  @TearDown(Level.Invocation)
  public void stop() {
    TracingRuntime started = runtime;
    if (started != null) {
      started.shutdown(Duration.ofSeconds(5));
      runtime = null;
    }
  }
}
