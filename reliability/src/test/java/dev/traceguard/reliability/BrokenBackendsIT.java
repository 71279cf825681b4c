package dev.traceguard.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.DropReason;
import dev.traceguard.core.TracingRuntime;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #10, point 3: a receiver that answers only after 30 seconds, one that answers 500, one that answers garbage
 * (bytes that are not HTTP) and one that resets every connection. Under a steady load, every request must be
 * answered as fast as ever (no request waits for an export), the JVM's thread count must not grow, and every span
 * that cannot be delivered must be counted as dropped.
 */
class BrokenBackendsIT {
  static final int RATE_PER_SECOND = 50;
  static final Duration WARM_UP = Duration.ofSeconds(2);
  static final Duration LOAD = Duration.ofSeconds(6);
  static final int QUEUE = 256;
  static final int RETRY_BUFFER = 128;
  /**
   * Threads the JVM may add while under the same load for reasons of its own (a JIT compiler thread, a Grizzly
   * worker first needed later); an exporter that spawned a thread per export or per span would add hundreds.
   */
  static final int THREAD_SLACK = 10;
  /** A request that waited for an export would take the receiver's 10-second timeout or the slow 30 seconds. */
  static final long P99_LIMIT_MICROS = 1_000_000;

  enum Backend { SLOW_30S, ANSWERS_500, NOT_HTTP, RESETS }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void brokenBackend_requestsUnaffected_noThreadGrowth_dropsCounted(Backend backend) throws Exception {
    AutoCloseable receiver;
    String endpoint;
    java.util.function.IntSupplier contacts;
    switch (backend) {
      case SLOW_30S -> {
        OtlpReceiver slow = OtlpReceiver.start(OtlpReceiver.Mode.SLOW);
        receiver = slow;
        endpoint = slow.endpoint();
        contacts = slow::requests;
      }
      case ANSWERS_500 -> {
        OtlpReceiver failing = OtlpReceiver.start(OtlpReceiver.Mode.FAIL_500);
        receiver = failing;
        endpoint = failing.endpoint();
        contacts = failing::requests;
      }
      case NOT_HTTP -> {
        RawReceiver raw = new RawReceiver(RawReceiver.Behaviour.NOT_HTTP);
        receiver = raw;
        endpoint = raw.endpoint();
        contacts = raw::connections;
      }
      default -> {
        RawReceiver raw = new RawReceiver(RawReceiver.Behaviour.RESET);
        receiver = raw;
        endpoint = raw.endpoint();
        contacts = raw::connections;
      }
    }
    try (receiver) {
      TracingRuntime runtime = TracingRuntime.create(TracingConfig.builder()
          .setServiceName("broken-" + backend.name().toLowerCase())
          .setSamplingRatio(1.0)
          .setExporters(List.of("otlp"))
          .setOtlpEndpoint(endpoint)
          .setRetryBufferSize(RETRY_BUFFER)
          .setMaxQueueSize(QUEUE)
          .setMaxExportBatchSize(64)
          .setScheduleDelay(Duration.ofMillis(100))
          .build()).start();
      boolean shutDown = false;
      try (TestApp app = TestApp.start(runtime); Load load = new Load(app.base(), RATE_PER_SECOND)) {
        Thread.sleep(WARM_UP.toMillis());
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        load.phase("load");
        Thread.sleep(LOAD.toMillis());
        int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Load.Result> results = load.stop();
        List<Load.Result> measured = Load.in(results, "load");

        // Whatever the backend does, each span ends up dropped and counted: at once when the queue or the retry
        // buffer is full, at the latest when shutdown's last attempt fails too.
        await().atMost(Duration.ofSeconds(45)).until(() -> Drops.total(runtime) > 0);
        shutDown = true;
        boolean stoppedInTime = runtime.shutdown(Duration.ofSeconds(5));
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("BrokenBackendsIT %s: %d requests, p50 %d us, p99 %d us, max %d us; threads %d before,"
                + " %d under load, %d after shutdown (in time: %s); dropped %d (%s); backend contacted %d times%n",
            backend, results.size(), Load.percentile(measured, 50), Load.percentile(measured, 99),
            Load.percentile(measured, 100), threadsBefore, threadsDuring, threadsAfter, stoppedInTime,
            Drops.total(runtime), Drops.describe(runtime), contacts.getAsInt());

        assertThat(contacts.getAsInt()).as("exports that reached the broken backend").isPositive();
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(Load.percentile(measured, 99)).as("p99 (us)").isLessThan(P99_LIMIT_MICROS);
        assertThat(threadsDuring).as("threads under load").isLessThanOrEqualTo(threadsBefore + THREAD_SLACK);
        assertThat(threadsAfter).as("threads after shutdown").isLessThanOrEqualTo(threadsBefore);
        if (backend == Backend.SLOW_30S) {
          // Each attempt waits for the 10-second export timeout; the queue overflows long before, and is counted.
          assertThat(runtime.droppedSpans(DropReason.QUEUE_FULL)).isPositive();
          assertThat(Drops.total(runtime)).isLessThanOrEqualTo(results.size());
        } else {
          // A shutdown that timed out goes on in the background (retries with back-off against a peer that never
          // answers); the spans it still held are counted when it gives up.
          await().atMost(Duration.ofSeconds(60)).until(() -> Drops.total(runtime) >= results.size());
          System.out.printf("BrokenBackendsIT %s: dropped after shutdown completed %s%n", backend,
              Drops.describe(runtime));
          assertThat(Drops.total(runtime)).as("every span dropped and counted").isEqualTo(results.size());
        }
      } finally {
        if (!shutDown) {
          runtime.shutdown(Duration.ofSeconds(5));
        }
      }
    }
  }


}
