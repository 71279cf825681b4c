package dev.traceguard.cdi.internal;

import dev.traceguard.cdi.TraceguardExporter;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test container's in-memory exporter, added to the runtime through {@link TraceguardExporter}. The runtime's
 * shutdown reaches {@link #shutdowns()} but does not clear the spans (as {@code InMemorySpanExporter.shutdown()}
 * would), so a test can read what the final flush exported.
 */
@Singleton
class TestExporter {
  private final InMemorySpanExporter memory = InMemorySpanExporter.create();
  private final AtomicInteger shutdowns = new AtomicInteger();

  @Produces
  @TraceguardExporter
  SpanExporter exporter() {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return memory.export(spans);
      }

      @Override
      public CompletableResultCode flush() {
        return memory.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        shutdowns.incrementAndGet();
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  /** Returns every span exported so far, after flushing what the runtime's batch processor holds. */
  List<SpanData> spans(TracingRuntime runtime) {
    runtime.forceFlush(Duration.ofSeconds(5));
    return memory.getFinishedSpanItems();
  }

  /** Returns the spans exported so far, without flushing. */
  List<SpanData> exported() {
    return memory.getFinishedSpanItems();
  }

  int shutdowns() {
    return shutdowns.get();
  }
}
