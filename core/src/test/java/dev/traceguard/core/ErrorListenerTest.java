package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.api.spi.ErrorReport;
import dev.traceguard.tck.KitErrorCode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorListenerTest {
  private static final TracingConfig CONFIG = TracingConfig.builder()
      .setServiceName("errors-test")
      .setExporters(List.of())
      .setSamplingRatio(1.0)
      .setScheduleDelay(Duration.ofMillis(50))
      .build();

  /** Records what it is told, and on which thread. */
  static final class Recording implements ErrorListener {
    final BlockingQueue<ErrorReport> reports = new LinkedBlockingQueue<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onError(ErrorReport report) {
      threads.add(Thread.currentThread());
      reports.add(report);
    }
  }

  @Test
  void listenerGetsEachRecordedErrorOnceWithTheSpansContextOffTheCallingThread() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    Recording listener = new Recording();
    TracingRuntime runtime = TracingRuntime.create(CONFIG, List.of(exporter), List.of(listener)).start();
    try {
      TraceguardException error = new TraceguardException(KitErrorCode.NOT_FOUND, "taken");
      Span span = runtime.tracer().spanBuilder("work").startSpan();
      runtime.exceptionTracer().record(span, SpanKind.INTERNAL, error);
      span.end();
      // Recorded again on an enclosing span: still one report, for the first span.
      Span server = runtime.tracer().spanBuilder("server").setSpanKind(SpanKind.SERVER).startSpan();
      runtime.exceptionTracer().record(server, SpanKind.SERVER, error, 404);
      server.end();
      IllegalStateException other = new IllegalStateException("other");
      runtime.exceptionTracer().record(server, SpanKind.SERVER, other, 500);

      ErrorReport first = listener.reports.poll(5, TimeUnit.SECONDS);
      ErrorReport second = listener.reports.poll(5, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(second).isNotNull();
      assertThat(listener.reports.poll(200, TimeUnit.MILLISECONDS)).isNull();
      assertThat(first.error()).isSameAs(error);
      assertThat(first.errorCode()).isEqualTo(KitErrorCode.NOT_FOUND);
      assertThat(second.error()).isSameAs(other);
      assertThat(second.errorCode()).isNull();
      assertThat(listener.threads).allSatisfy(t -> {
        assertThat(t).isNotSameAs(Thread.currentThread());
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("traceguard-errors-errors-test");
      });

      runtime.forceFlush(Duration.ofSeconds(5));
      SpanData work = exporter.getFinishedSpanItems().stream()
          .filter(s -> s.getName().equals("work")).findFirst().orElseThrow();
      assertThat(first.traceId()).isEqualTo(work.getTraceId());
      assertThat(first.spanId()).isEqualTo(work.getSpanId());
      assertThat(first.sampled()).isTrue();
      assertThat(second.spanId()).isEqualTo(server.getSpanContext().getSpanId());
    } finally {
      runtime.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void slowListenerDoesNotDelayTheRecordingAndFullQueueIsCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Recording after = new Recording();
    ErrorListener blocking = report -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    TracingRuntime runtime = TracingRuntime.create(CONFIG, List.of(), List.of(blocking, after)).start();
    try {
      Span span = runtime.tracer().spanBuilder("flood").startSpan();
      int recorded = 3000; // more than the queue holds, while the listener is stuck on the first
      for (int i = 0; i < recorded; i++) {
        runtime.exceptionTracer().record(span, SpanKind.INTERNAL, new IllegalStateException("e" + i));
      }
      span.end();

      // Every recording returned while the listener was still blocked: none waited for it.
      assertThat(release.getCount()).isEqualTo(1);
      assertThat(runtime.droppedErrorReports()).isGreaterThanOrEqualTo(recorded - 1024 - 1);
      release.countDown();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(after.reports.size() + runtime.droppedErrorReports()).isEqualTo(recorded));
    } finally {
      release.countDown();
      runtime.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void failingListenerIsCountedAndTheNextOneStillCalled() throws Exception {
    Recording after = new Recording();
    ErrorListener failing = report -> {
      throw new IllegalStateException("listener bug");
    };
    TracingRuntime runtime = TracingRuntime.create(CONFIG, List.of(), List.of(failing, after)).start();
    try {
      Span span = runtime.tracer().spanBuilder("failing").startSpan();
      runtime.exceptionTracer().record(span, SpanKind.INTERNAL, new RuntimeException("one"));
      runtime.exceptionTracer().record(span, SpanKind.INTERNAL, new RuntimeException("two"));
      span.end();

      assertThat(after.reports.poll(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(after.reports.poll(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(runtime.failedErrorListenerCalls()).isEqualTo(2);
    } finally {
      runtime.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void shutdownHandsOutWhatIsQueuedThenDropsLaterReports() throws Exception {
    Recording listener = new Recording();
    TracingRuntime runtime = TracingRuntime.create(CONFIG, List.of(), List.of(listener));
    Span invalid = Span.getInvalid();
    // Recorded before start: queued, handed out once the runtime starts.
    runtime.exceptionTracer().record(invalid, SpanKind.INTERNAL, new RuntimeException("early"));
    runtime.start();

    assertThat(runtime.shutdown(Duration.ofSeconds(5))).isTrue();
    assertThat(listener.reports).hasSize(1);
    ErrorReport early = listener.reports.peek();
    assertThat(early.hasTraceContext()).isFalse();
    assertThat(early.sampled()).isFalse();

    runtime.exceptionTracer().record(invalid, SpanKind.INTERNAL, new RuntimeException("late"));
    assertThat(runtime.droppedErrorReports()).isEqualTo(1);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("traceguard-errors-errors-test") && t.isAlive());
  }

  @Test
  void noListenerNoThreadAndNoCounts() {
    TracingRuntime runtime = TracingRuntime.create(CONFIG).start();
    try {
      runtime.exceptionTracer().record(Span.getInvalid(), SpanKind.INTERNAL, new RuntimeException());
      assertThat(runtime.droppedErrorReports()).isZero();
      assertThat(runtime.failedErrorListenerCalls()).isZero();
      assertThat(Thread.getAllStackTraces().keySet())
          .noneMatch(t -> t.getName().startsWith("traceguard-errors-") && t.isAlive());
    } finally {
      runtime.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void disabledConfigurationIgnoresListeners() {
    Recording listener = new Recording();
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.disabled(), List.of(), List.of(listener)).start();
    runtime.exceptionTracer().record(Span.getInvalid(), SpanKind.INTERNAL, new RuntimeException());
    assertThat(runtime.shutdown(Duration.ofSeconds(1))).isTrue();
    assertThat(listener.reports).isEmpty();
  }

  /** Registered through a services file in a class loader of the test's own, never seen by other tests. */
  public static final class ServiceLoadedListener implements ErrorListener {
    static final BlockingQueue<ErrorReport> REPORTS = new LinkedBlockingQueue<>();

    /** Created by the service loader. */
    public ServiceLoadedListener() {}

    @Override
    public void onError(ErrorReport report) {
      REPORTS.add(report);
    }
  }

  private static ClassLoader withServiceFile(Path dir, String content) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(ErrorListener.class.getName()), content, StandardCharsets.UTF_8);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ErrorListenerTest.class.getClassLoader());
  }

  @Test
  void listenersAreFoundByTheServiceLoaderInTheContextClassLoader(@TempDir Path dir) throws Exception {
    ClassLoader loader = withServiceFile(dir, ServiceLoadedListener.class.getName() + "\n");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    TracingRuntime runtime;
    thread.setContextClassLoader(loader);
    try {
      runtime = TracingRuntime.create(CONFIG).start();
    } finally {
      thread.setContextClassLoader(previous);
    }
    try {
      RuntimeException error = new RuntimeException("found");
      runtime.exceptionTracer().record(Span.getInvalid(), SpanKind.INTERNAL, error);
      ErrorReport report = ServiceLoadedListener.REPORTS.poll(5, TimeUnit.SECONDS);
      assertThat(report).isNotNull();
      assertThat(report.error()).isSameAs(error);
    } finally {
      runtime.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aListenerTheServiceLoaderCannotCreateFailsTheCreation(@TempDir Path dir) throws Exception {
    ClassLoader loader = withServiceFile(dir, "com.example.Missing\n");
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      assertThatThrownBy(() -> TracingRuntime.create(CONFIG))
          .isInstanceOf(TraceguardConfigurationException.class)
          .hasMessageContaining("An ErrorListener registered in META-INF/services/dev.traceguard.api.spi.ErrorListener"
              + " could not be loaded")
          .hasMessageContaining("com.example.Missing");
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
