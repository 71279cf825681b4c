package dev.traceguard.cdi.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Under {@code traceguard-all-mp}, hands the spans the server's SDK ends to the application's {@code
 * @TraceguardExporter} beans, through the processor the application's runtime keeps for them ({@link
 * dev.traceguard.core.TracingRuntime#applicationSpanProcessor()}: masked, batched, its drops counted), so a slow bean
 * never holds up a request or the server's export.
 *
 * <p>Why a static slot: the server's autoconfigure creates this processor ({@link #forServerSdk}, through {@link
 * ServerExportMasking}, which the service loader finds) apart from CDI, and the beans exist only once CDI has booted,
 * in either order. Both are classes of the application's class loader, since {@code traceguard-all-mp} sits in
 * {@code WEB-INF/lib}, so one slot per deployment joins them. Spans that end while nothing is {@linkplain #attach
 * attached} (before the runtime starts, after {@link #detach}) reach the server's exporters only. Thread-safe.
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
   * Starts handing the server SDK's ended spans to {@code processor}, in place of the one attached before; the
   * processor's owner (the runtime) flushes and shuts it down.
   */
  static void attach(SpanProcessor processor) {
    ATTACHED.set(processor);
  }

  /** Stops handing spans on; what was handed stays the attached processor's owner's to export. */
  static void detach() {
    ATTACHED.set(null);
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
   * Flushes only: the server's SDK may shut down before CDI does, and the beans' processor is the application
   * runtime's to shut down, once the last spans of the application have ended.
   */
  @Override
  public CompletableResultCode shutdown() {
    return forceFlush();
  }
}
