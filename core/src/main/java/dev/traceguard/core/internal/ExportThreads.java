package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's batch worker threads that ran one runtime's exports, so that its shutdown can end them before it returns.
 *
 * <p>Why: once the SDK's shutdown has exported everything, its {@code BatchSpanProcessor} and {@code
 * BatchLogRecordProcessor} workers still wait in their queue's poll, up to the schedule delay ({@code
 * otel.bsp.schedule.delay}, 5 s by default), before their threads end. Meanwhile they hold the application's class
 * loader and thread-locals of its classes (the OTLP marshaler's encoder), which a server that checks at undeploy
 * reports as a class-loader leak (GlassFish's {@code ReferenceCleaner}: "created a ThreadLocal ... but failed to
 * remove it"). The SDK offers no way to wait for its workers; an interrupted worker returns at once.
 *
 * <p>Exporters wrapped by {@link #noting(SpanExporter)} or {@link #noting(LogRecordExporter)} note the thread they
 * export on when it is one of those workers (by the SDK's thread names); {@link #end(long)} interrupts the noted
 * workers still alive and waits for them. Other threads (a simple processor's caller, a request thread) are never
 * noted, so never interrupted. Thread-safe.
 */
public final class ExportThreads {
  private static final Set<String> SDK_WORKERS =
      Set.of("BatchSpanProcessor_WorkerThread", "BatchLogRecordProcessor_WorkerThread");

  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  // The last thread seen, so that a worker's every export after its first costs one comparison.
  private volatile @Nullable Thread last;

  /** Notes the calling thread when it is one of the SDK's batch workers. */
  void noteCurrent() {
    Thread thread = Thread.currentThread();
    if (thread != last) {
      last = thread;
      if (isSdkWorker(thread.getName())) {
        workers.add(thread);
      }
    }
  }

  private static boolean isSdkWorker(String name) {
    for (String worker : SDK_WORKERS) {
      if (name.startsWith(worker)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Interrupts every noted worker still alive, except the calling thread, and waits for each to end until {@code
   * deadlineNanos} ({@link System#nanoTime()}). Call it after the processors' shutdown has completed: a worker
   * interrupted before that may leave spans unexported.
   *
   * @param deadlineNanos when to stop waiting, on the {@link System#nanoTime()} clock
   * @return true when no noted worker is alive any more
   */
  public boolean end(long deadlineNanos) {
    boolean ended = true;
    for (Thread worker : workers) {
      if (worker == Thread.currentThread()) {
        ended = false;
        continue;
      }
      worker.interrupt();
      try {
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (worker.isAlive()) {
        ended = false;
      } else {
        workers.remove(worker);
      }
    }
    last = null;
    return ended;
  }

  /** Returns {@code exporter} noting the threads it exports on; everything else is {@code exporter}'s. */
  SpanExporter noting(SpanExporter exporter) {
    requireNonNull(exporter, "exporter");
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        noteCurrent();
        return exporter.export(spans);
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.shutdown();
      }

      @Override
      public String toString() {
        return exporter.toString();
      }
    };
  }

  /** Returns {@code exporter} noting the threads it exports on; everything else is {@code exporter}'s. */
  LogRecordExporter noting(LogRecordExporter exporter) {
    requireNonNull(exporter, "exporter");
    return new LogRecordExporter() {
      @Override
      public CompletableResultCode export(Collection<LogRecordData> records) {
        noteCurrent();
        return exporter.export(records);
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.shutdown();
      }

      @Override
      public String toString() {
        return exporter.toString();
      }
    };
  }
}
