package dev.traceguard.core;

/** Why a finished span never reached a backend. Every dropped span is counted under exactly one reason. */
public enum DropReason {
  /** The batch processor's queue ({@code otel.bsp.max.queue.size}) was full when the span ended. */
  QUEUE_FULL,
  /** An export failed and the retry buffer is turned off ({@code traceguard.exporter.retry.buffer-size=0}). */
  EXPORT_FAILED,
  /**
   * The receiver refused the batch as invalid or unauthorized (an HTTP 4xx other than 408 and 429, a gRPC status
   * such as {@code INVALID_ARGUMENT} or {@code UNAUTHENTICATED}), so sending it again could not succeed.
   */
  REJECTED,
  /** The retry buffer was full, so its oldest span made room for a newer one. */
  RETRY_BUFFER_FULL,
  /**
   * The runtime's shutdown returned before the span was delivered: it was still in the batch processor's queue, in
   * an export that had not answered, or in the retry buffer waiting for its backend to return.
   */
  SHUTDOWN
}
