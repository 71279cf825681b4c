package dev.traceguard.core.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The retry buffer in memory: at most {@code capacity} spans, the oldest dropped first. Not thread-safe. */
final class MemoryRetryStore implements RetryStore {
  private final int capacity;
  private final ArrayDeque<SpanData> spans = new ArrayDeque<>();

  MemoryRetryStore(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public int add(Collection<SpanData> batch) {
    int evicted = 0;
    for (SpanData span : batch) {
      if (spans.size() == capacity) {
        spans.pollFirst();
        evicted++;
      }
      spans.addLast(span);
    }
    return evicted;
  }

  @Override
  public Batch take(int max) {
    List<SpanData> batch = new ArrayList<>(Math.min(max, spans.size()));
    while (batch.size() < max && !spans.isEmpty()) {
      batch.add(spans.pollFirst());
    }
    return batch.isEmpty() ? Batch.EMPTY : new Batch(batch, "");
  }

  @Override
  public int putBack(Batch batch) {
    List<SpanData> back = batch.spans();
    int evicted = 0;
    for (int i = back.size() - 1; i >= 0; i--) {
      if (spans.size() == capacity) {
        evicted++; // this span is older than everything kept: it is the one to go
        continue;
      }
      spans.addFirst(back.get(i));
    }
    return evicted;
  }

  @Override
  public void done(Batch batch) {}

  @Override
  public int size() {
    return spans.size();
  }

  @Override
  public boolean keepsAny() {
    return capacity > 0;
  }

  @Override
  public boolean durable() {
    return false;
  }

  /** Names the capacity, as {@code RetryingSpanExporter}'s description shows it. */
  @Override
  public String toString() {
    return "capacity=" + capacity;
  }

  @Override
  public void close() {}
}
