package dev.traceguard.examples;

import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints each finished trace as an indented tree: one line per span with its service, kind, name, duration, status
 * and error code. The three services export through three runtimes; their spans meet here, by trace id, and a trace
 * is printed once no span of it has arrived for a quiet period (longer than the services' batch delay).
 *
 * <p>It receives spans after Traceguard's masking, so what it prints is what would leave the process. At most
 * {@value #MAX_PENDING_SPANS} spans wait; beyond, spans are dropped and the count printed with the next tree.
 * Thread-safe.
 */
final class TraceTreePrinter implements AutoCloseable {
  static final int MAX_PENDING_SPANS = 10_000;
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  /** Attributes shown on a span's line when present: what the demo wants a reader to notice. */
  private static final List<AttributeKey<?>> SHOWN = List.of(PaymentsResource.CARD, AttributeKey.longKey("user.id"));
  private static final int MAX_MESSAGE = 100;

  private final PrintStream out;
  private final long quietNanos;
  private final ScheduledExecutorService timer;
  private final Map<String, Pending> pending = new LinkedHashMap<>(); // guarded by this
  private int pendingSpans; // guarded by this
  private long dropped; // guarded by this

  /**
   * @param out where trees go
   * @param quiet how long a trace must receive no span before it is printed
   */
  TraceTreePrinter(PrintStream out, Duration quiet) {
    this.out = out;
    this.quietNanos = quiet.toNanos();
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "traceguard-demo-trees");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(50, quiet.toMillis() / 4);
    timer.scheduleWithFixedDelay(() -> printQuiet(System.nanoTime()), period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * An exporter feeding this printer, for one runtime. Its shutdown does not stop the printer, which outlives each
   * of the runtimes it serves; {@link #close()} does.
   */
  SpanExporter exporter() {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        add(spans, System.nanoTime());
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  synchronized void add(Collection<SpanData> spans, long now) {
    for (SpanData span : spans) {
      if (pendingSpans >= MAX_PENDING_SPANS) {
        dropped++;
        continue;
      }
      pending.computeIfAbsent(span.getTraceId(), id -> new Pending()).add(span, now);
      pendingSpans++;
    }
  }

  /** Prints the traces that received no span since {@code now} minus the quiet period. */
  void printQuiet(long now) {
    List<List<SpanData>> ready = new ArrayList<>();
    long droppedNow;
    synchronized (this) {
      for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
        Pending trace = it.next();
        if (now - trace.lastArrival >= quietNanos) {
          ready.add(trace.spans);
          pendingSpans -= trace.spans.size();
          it.remove();
        }
      }
      droppedNow = dropped;
      dropped = 0;
    }
    print(ready, droppedNow);
  }

  /** Prints every waiting trace and stops the timer. Call after the runtimes have exported their last spans. */
  @Override
  public void close() {
    timer.shutdownNow();
    printQuiet(Long.MAX_VALUE);
  }

  private void print(List<List<SpanData>> traces, long droppedSpans) {
    if (traces.isEmpty() && droppedSpans == 0) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (List<SpanData> trace : traces) {
      text.append(render(trace));
    }
    if (droppedSpans > 0) {
      text.append("(").append(droppedSpans).append(" spans not printed: more than ").append(MAX_PENDING_SPANS)
          .append(" were waiting)\n");
    }
    out.print(text);
    out.flush();
  }

  /**
   * Renders one trace: a header line, then each span indented under its parent, children in start order. Spans whose
   * parent is not in the list (the trace's root, or spans under a caller outside the demo) start at the left.
   */
  static String render(List<SpanData> spans) {
    Set<String> ids = new HashSet<>();
    spans.forEach(span -> ids.add(span.getSpanId()));
    Map<String, List<SpanData>> children = new HashMap<>();
    List<SpanData> roots = new ArrayList<>();
    for (SpanData span : spans) {
      String parent = span.getParentSpanId();
      if (SpanId.isValid(parent) && ids.contains(parent)) {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    Comparator<SpanData> byStart = Comparator.comparingLong(SpanData::getStartEpochNanos);
    roots.sort(byStart);
    children.values().forEach(list -> list.sort(byStart));
    StringBuilder text = new StringBuilder();
    text.append("\ntrace ").append(spans.get(0).getTraceId()).append(" (").append(spans.size())
        .append(spans.size() == 1 ? " span)\n" : " spans)\n");
    for (SpanData root : roots) {
      append(text, root, children, 1);
    }
    return text.toString();
  }

  private static void append(StringBuilder text, SpanData span, Map<String, List<SpanData>> children, int depth) {
    text.append("  ".repeat(depth)).append(line(span)).append('\n');
    for (SpanData child : children.getOrDefault(span.getSpanId(), List.of())) {
      append(text, child, children, depth + 1);
    }
  }

  /** {@code service  KIND  name  12.34 ms  STATUS [error DOMAIN-code] [key=value...] [message]}. */
  static String line(SpanData span) {
    StringBuilder line = new StringBuilder();
    String service = span.getResource().getAttribute(SERVICE_NAME);
    line.append(service == null ? "?" : service).append("  ").append(span.getKind()).append("  ")
        .append(span.getName()).append("  ")
        .append(String.format(Locale.ROOT, "%.2f ms", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6))
        .append("  ").append(span.getStatus().getStatusCode());
    Long code = span.getAttributes().get(TraceguardAttributes.ERROR_CODE);
    String domain = span.getAttributes().get(TraceguardAttributes.ERROR_DOMAIN);
    if (code != null) {
      line.append("  error ").append(domain == null ? "" : domain + "-").append(code);
    }
    for (AttributeKey<?> key : SHOWN) {
      Object value = span.getAttributes().get(key);
      if (value != null) {
        line.append("  ").append(key.getKey()).append('=').append(value);
      }
    }
    for (EventData event : span.getEvents()) {
      if (event.getName().equals(TraceguardAttributes.EXCEPTION_EVENT)) {
        String message = event.getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE);
        if (message != null) {
          line.append("  \"").append(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..."
              : message).append('"');
        }
        break;
      }
    }
    return line.toString();
  }

  /** The spans of one trace received so far. */
  private static final class Pending {
    final List<SpanData> spans = new ArrayList<>();
    long lastArrival;

    void add(SpanData span, long now) {
      spans.add(span);
      lastArrival = now;
    }
  }
}
