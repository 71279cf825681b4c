package dev.traceguard.cdi.internal;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.ExportMasking;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Under {@code traceguard-all-mp}, hands the spans the server's SDK ends to the application's {@code
 * @TraceguardExporter} beans as the server's own export gets them (masked, without restated exception events:
 * {@link RestatedExceptions}), through a batch processor of their own (so a slow bean never holds up a request or the
 * server's export).
 *
 * <p>Why a static slot: the server's autoconfigure creates the processor ({@link #forServerSdk}, through {@link
 * ServerExportMasking}, which the service loader finds) apart from CDI, and the beans exist only once CDI has booted,
 * in either order. Both are classes of the application's class loader, since {@code traceguard-all-mp} sits in
 * {@code WEB-INF/lib}, so one slot per deployment joins them. Spans that end while nothing is {@linkplain #attach
 * attached} (before the beans exist, after {@link #detach}) reach the server's exporters only. Thread-safe.
 */
final class ApplicationExporters implements SpanProcessor {
  private static final AtomicReference<@Nullable SpanProcessor> ATTACHED = new AtomicReference<>();
  private static volatile boolean installed;

  private ApplicationExporters() {}

  /** The processor the server's SDK is built with; notes that the server's autoconfigure applied the customizer. */
  static SpanProcessor forServerSdk() {
    installed = true;
    return new ApplicationExporters();
  }

  /** Whether a server's SDK in this deployment was built with {@link #forServerSdk}'s processor. */
  static boolean installed() {
    return installed;
  }

  /**
   * Starts delivering the server SDK's ended, sampled spans to {@code exporters}, masked by {@code config}'s rules,
   * through a batch processor; one attached before is shut down in the background (it exports what it queued, then
   * shuts its exporters down on its own thread).
   */
  static void attach(List<SpanExporter> exporters, TracingConfig config) {
    SpanProcessor batch =
        BatchSpanProcessor.builder(
            ExportMasking.spans(RestatedExceptions.leftOut(SpanExporter.composite(exporters)), config)).build();
    SpanProcessor previous = ATTACHED.getAndSet(batch);
    if (previous != null) {
      previous.shutdown();
    }
  }

  /**
   * Stops delivering: the attached batch processor exports what it queued and shuts its exporters down. Returns the
   * result of that shutdown (success at once when nothing is attached).
   */
  static CompletableResultCode detach() {
    SpanProcessor batch = ATTACHED.getAndSet(null);
    return batch != null ? batch.shutdown() : CompletableResultCode.ofSuccess();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    SpanProcessor batch = ATTACHED.get();
    if (batch != null) {
      batch.onEnd(span);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Flushes the attached batch, if any. */
  @Override
  public CompletableResultCode forceFlush() {
    SpanProcessor batch = ATTACHED.get();
    return batch != null ? batch.forceFlush() : CompletableResultCode.ofSuccess();
  }

  /**
   * Flushes only: the server's SDK may shut down before CDI does, and the beans' processor is the extension's to shut
   * down ({@link #detach}), once the last spans of the application have ended.
   */
  @Override
  public CompletableResultCode shutdown() {
    return forceFlush();
  }
}
