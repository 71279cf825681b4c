/**
 * JMH benchmarks for Traceguard's overhead budget: span start and end through a real {@link
 * dev.traceguard.core.TracingRuntime} under each sampling mode against a bare OpenTelemetry SDK ({@link
 * dev.traceguard.bench.SamplingBenchmark}), the PII masker's throughput ({@link dev.traceguard.bench.PiiMaskerBenchmark})
 * and W3C header propagation ({@link dev.traceguard.bench.PropagatorBenchmark}).
 *
 * <p>Not a library: nothing here is shipped, and unlike the integration modules the benchmarks may reach into
 * {@code dev.traceguard.core.internal} to measure a part on its own. Build with {@code mvn -B -ntp package -pl bench}
 * and run {@code java -jar bench/target/benchmarks.jar}; {@code docs/benchmarks.md} has the commands and the
 * figures.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.bench;

import org.jspecify.annotations.NullMarked;
