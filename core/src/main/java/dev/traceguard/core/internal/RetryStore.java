package dev.traceguard.core.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collection;
import java.util.List;

/**
 * Where {@link RetryingSpanExporter} keeps the spans of failed exports, oldest first, within a bound: in memory
 * ({@link MemoryRetryStore}) or in files that outlive the process ({@link DirectoryRetryStore}). The exporter calls
 * it under its own lock, one call at a time.
 */
interface RetryStore {
  /** Adds a failed batch at the end; returns how many of the oldest spans were dropped to stay within bound. */
  int add(Collection<SpanData> spans);

  /** Takes out the oldest spans, at most {@code max} (a whole file for the directory), or an empty batch. */
  Batch take(int max);

  /** Returns a batch that failed again to the front; returns how many spans were dropped to stay within bound. */
  int putBack(Batch batch);

  /** Forgets a batch that was delivered or dropped. */
  void done(Batch batch);

  /** The spans kept and not taken out. */
  int size();

  /** False for a store of capacity 0, which keeps nothing: failed spans are dropped at once. */
  boolean keepsAny();

  /** True when what is kept survives the process, so a shutdown does not lose it. */
  boolean durable();

  /** Releases what the store holds open; what it keeps stays kept. */
  void close();

  /** Spans taken out together, with what the store needs to put them back or forget them. */
  record Batch(List<SpanData> spans, Object handle) {
    static final Batch EMPTY = new Batch(List.of(), "");

    boolean isEmpty() {
      return spans.isEmpty();
    }
  }
}
