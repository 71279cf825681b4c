package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime on the server's OpenTelemetry exporting the server's spans to the application's own exporters, as
 * {@code traceguard-all-mp} does for {@code @TraceguardExporter} beans: the server's SDK (built here) forwards its
 * ended spans to {@link TracingRuntime#applicationSpanProcessor()}.
 */
class TracingRuntimeApplicationExportTest {
  private final AtomicReference<TracingRuntime> attached = new AtomicReference<>();
  private final OpenTelemetrySdk server = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(new ToTheApplication()).build())
      .build();
  private final Exporter exporter = new Exporter();

  @AfterEach
  void closeServer() {
    exporter.open.countDown();
    server.close();
  }

  private TracingRuntime start(TracingConfig.Builder config) {
    TracingRuntime runtime =
        TracingRuntime.onServer(config.setServiceName("shop").build(), () -> server, List.of(), List.of(exporter));
    attached.set(runtime.start());
    return runtime;
  }

  private void endServerSpans(int count) {
    for (int i = 0; i < count; i++) {
      server.getTracer("server").spanBuilder("GET /orders/" + i)
          .setAttribute(TraceguardAttributes.URL_QUERY, "email=bob@example.com").startSpan().end();
    }
  }

  @Test
  void forceFlush_serverSpans_reachTheExportersMasked() {
    TracingRuntime runtime = start(TracingConfig.builder());
    exporter.open.countDown();

    endServerSpans(1);

    assertThat(runtime.forceFlush(Duration.ofSeconds(5))).isTrue();
    assertThat(exporter.exported).singleElement().satisfies(span -> assertThat(
        span.getAttributes().get(TraceguardAttributes.URL_QUERY)).startsWith("email=").doesNotContain("bob@"));
  }

  @Test
  void applicationSpanProcessor_beforeStartAndAfterShutdown_isEmpty() {
    TracingRuntime runtime =
        TracingRuntime.onServer(TracingConfig.builder().build(), () -> server, List.of(), List.of(exporter));
    assertThat(runtime.applicationSpanProcessor()).isEmpty();

    runtime.start();
    assertThat(runtime.applicationSpanProcessor()).isPresent();
    exporter.open.countDown();
    assertThat(runtime.shutdown(Duration.ofSeconds(5))).isTrue();

    assertThat(runtime.applicationSpanProcessor()).isEmpty();
    assertThat(exporter.shutdowns).hasValue(1);
  }

  @Test
  void applicationSpanProcessor_noApplicationExporters_isEmpty() {
    TracingRuntime runtime = TracingRuntime.onServer(TracingConfig.builder().build(), () -> server, List.of()).start();

    assertThat(runtime.applicationSpanProcessor()).isEmpty();
    runtime.close();
  }

  @Test
  void onEnd_queueFull_everySpanTurnedAwayIsCounted() {
    TracingRuntime runtime = start(TracingConfig.builder().setMaxQueueSize(4).setMaxExportBatchSize(2));

    endServerSpans(50); // the exporter is held: the queue's four wait, besides the batch of two it holds
    exporter.open.countDown();
    assertThat(runtime.forceFlush(Duration.ofSeconds(5))).isTrue();

    long turnedAway = runtime.droppedSpans(DropReason.QUEUE_FULL);
    assertThat(turnedAway).isGreaterThanOrEqualTo(44);
    assertThat(exporter.exported.size() + turnedAway).isEqualTo(50);
  }

  @Test
  void shutdown_exporterNeverSucceeds_countsWhatWasNotDeliveredAndReportsFailure() {
    TracingRuntime runtime = start(TracingConfig.builder().setRetryInitialBackoff(Duration.ofMinutes(1)));
    exporter.failing = true;
    exporter.open.countDown();
    endServerSpans(3);

    assertThat(runtime.forceFlush(Duration.ofSeconds(5))).isFalse();
    assertThat(runtime.shutdown(Duration.ofSeconds(2))).isFalse();

    long dropped = 0;
    for (DropReason reason : DropReason.values()) {
      dropped += runtime.droppedSpans(reason);
    }
    assertThat(dropped).isEqualTo(3);
    assertThat(exporter.shutdowns).hasValue(1);
  }

  @Test
  void shutdown_retryDirectory_keepsWhatFailedForTheNextRuntimeToSend(@TempDir Path directory) {
    TracingRuntime first = start(TracingConfig.builder().setRetryDirectory(directory)
        .setRetryInitialBackoff(Duration.ofMinutes(1)));
    exporter.failing = true;
    exporter.open.countDown();
    endServerSpans(3);

    assertThat(first.forceFlush(Duration.ofSeconds(5))).isFalse();
    assertThat(first.shutdown(Duration.ofSeconds(2))).isTrue(); // kept on disk: nothing lost
    assertThat(directory.resolve("shop_Exporter")).isDirectoryContaining(path -> path.toString().endsWith(".spans"));
    for (DropReason reason : DropReason.values()) {
      assertThat(first.droppedSpans(reason)).as(reason.name()).isZero();
    }

    exporter.failing = false;
    TracingRuntime second = start(TracingConfig.builder().setRetryDirectory(directory));
    assertThat(second.forceFlush(Duration.ofSeconds(5))).isTrue();

    assertThat(exporter.exported).hasSize(3).allSatisfy(span -> assertThat(
        span.getAttributes().get(TraceguardAttributes.URL_QUERY)).startsWith("email=").doesNotContain("bob@"));
    assertThat(directory.resolve("shop_Exporter")).isEmptyDirectory();
    second.close();
  }

  @Test
  void start_retryDirectoryNotWritable_failsNamingTheProperty(@TempDir Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("a-file"), "not a directory");
    TracingRuntime runtime = TracingRuntime.onServer(TracingConfig.builder().setServiceName("shop")
        .setRetryDirectory(file.resolve("retry")).build(), () -> server, List.of(), List.of(exporter));

    assertThatThrownBy(runtime::start).isInstanceOf(TraceguardConfigurationException.class)
        .hasMessageContaining("traceguard.exporter.retry.directory='" + file.resolve("retry") + "'");
    assertThat(runtime.applicationSpanProcessor()).isEmpty();
    assertThat(exporter.shutdowns).hasValue(0);
  }

  /** The server SDK's processor forwarding to the application's, as traceguard-all-mp's customizer adds it. */
  private final class ToTheApplication implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      TracingRuntime runtime = attached.get();
      if (runtime != null) {
        runtime.applicationSpanProcessor().ifPresent(processor -> processor.onEnd(span));
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  /** Holds every export until opened; then keeps the spans, or fails the export when told to. */
  private static final class Exporter implements SpanExporter {
    final CountDownLatch open = new CountDownLatch(1);
    final List<SpanData> exported = new CopyOnWriteArrayList<>();
    final AtomicInteger shutdowns = new AtomicInteger();
    volatile boolean failing;

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      try {
        open.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableResultCode.ofFailure();
      }
      if (failing) {
        return CompletableResultCode.ofFailure();
      }
      exported.addAll(spans);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      shutdowns.incrementAndGet();
      return CompletableResultCode.ofSuccess();
    }
  }
}
