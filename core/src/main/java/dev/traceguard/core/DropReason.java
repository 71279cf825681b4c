package dev.traceguard.core;

/** Why a finished span never reached a backend. Every dropped span is counted under exactly one reason. */
public enum DropReason {
  /** The batch processor's queue ({@code otel.bsp.max.queue.size}) was full when the span ended. */
  QUEUE_FULL,
  /** An export failed and the retry buffer is turned off ({@code traceguard.exporter.retry.buffer-size=0}). */
  EXPORT_FAILED,
  /** The retry buffer was full, so its oldest span made room for a newer one. */
  RETRY_BUFFER_FULL,
  /** The runtime shut down while the span still waited in the retry buffer for its backend to return. */
  SHUTDOWN
}
