package dev.traceguard.core.internal;

import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
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
import java.util.function.LongSupplier;

/**
 * Prints each finished trace as an indented tree, for a developer watching the console:
 *
 * <pre>
 * trace 4bf92f3577b34da6a3ce929d0e0e4736 (2 spans, payments)
 *   SERVER POST /payments/{user} 4.12 ms ERROR http.response.status_code=402 error=PAY-2001
 *     INTERNAL PaymentService.charge 0.31 ms ERROR payment.user_id=7 exception=TraceguardException: declined
 * </pre>
 *
 * <p>Spans of one trace are gathered until its local root ends (the span whose parent is remote or absent), then
 * printed at once, children under their parent in start order. Each line shows the span's kind, name, duration and
 * status, then {@code http.route} when the name lacks it, a CLIENT span's {@code url.full}, {@code
 * http.response.status_code}, the error code as
 * {@code DOMAIN-code}, the attributes the application set ({@code @SpanAttribute} values: every key outside the
 * namespaces of the conventions Traceguard records), and the first exception's type and message. It receives spans
 * after masking, like every exporter.
 *
 * <p>Bounded: a trace of more than {@value #MAX_SPANS_PER_TRACE} spans, one whose local root has not ended {@link
 * #MAX_WAIT} after its first span arrived, or one pushed out by more than {@value #MAX_TRACES} waiting traces is not
 * printed; one line says so instead. The wait is checked whenever spans arrive and at {@link #flush()}; {@link
 * #shutdown()} prints every waiting trace as far as it got. Colours (ERROR in red) only when {@code out} is the
 * standard output of a process attached to a terminal. Thread-safe.
 */
public final class ConsoleSpanExporter implements SpanExporter {
  /** The most spans one trace may gather: {@value}. */
  static final int MAX_SPANS_PER_TRACE = 1_000;
  /** The most traces waiting for their local root: {@value}. */
  static final int MAX_TRACES = 1_000;
  /** How long a trace may wait for its local root. */
  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final int MAX_MESSAGE = 200;
  private static final String RED = "\u001b[31m";
  private static final String RESET = "\u001b[0m";
  /** The namespaces of the attributes Traceguard and the conventions set: not shown unless listed above. */
  private static final List<String> RECORDED_NAMESPACES = List.of("http.", "url.", "server.", "client.", "network.",
      "user_agent.", "code.", "thread.", "error.", "exception.", "rpc.", "otel.", "traceguard.");

  private final PrintStream out;
  private final boolean colours;
  private final LongSupplier nanoTime;
  private final Map<String, Pending> pending = new LinkedHashMap<>(); // guarded by this

  /** Creates an exporter printing to {@code out}, in colour when {@code out} is a terminal's standard output. */
  public ConsoleSpanExporter(PrintStream out) {
    this(out, out == System.out && System.console() != null, System::nanoTime);
  }

  ConsoleSpanExporter(PrintStream out, boolean colours, LongSupplier nanoTime) {
    this.out = out;
    this.colours = colours;
    this.nanoTime = nanoTime;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    StringBuilder text = new StringBuilder();
    synchronized (this) {
      long now = nanoTime.getAsLong();
      for (SpanData span : spans) {
        add(span, now, text);
      }
      expire(now, text);
    }
    print(text);
    return CompletableResultCode.ofSuccess();
  }

  private void add(SpanData span, long now, StringBuilder text) {
    Pending trace = pending.get(span.getTraceId());
    if (trace == null) {
      if (pending.size() >= MAX_TRACES) {
        Iterator<Pending> oldest = pending.values().iterator();
        Pending evicted = oldest.next();
        oldest.remove();
        notPrinted(evicted, "more than " + MAX_TRACES + " traces were waiting", text);
      }
      trace = new Pending(span.getTraceId(), now);
      pending.put(span.getTraceId(), trace);
    }
    if (trace.overflowed) {
      trace.dropped++;
    } else if (trace.spans.size() >= MAX_SPANS_PER_TRACE) {
      trace.overflowed = true;
      trace.dropped += trace.spans.size() + 1;
      trace.spans.clear();
    } else {
      trace.spans.add(span);
    }
    if (isLocalRoot(span)) {
      pending.remove(span.getTraceId());
      complete(trace, text);
    }
  }

  /** The tree of a trace whose local root ended (or whose wait shutdown cut short), or the line saying why not. */
  private void complete(Pending trace, StringBuilder text) {
    if (trace.overflowed) {
      notPrinted(trace, "more than " + MAX_SPANS_PER_TRACE + " spans", text);
    } else {
      render(trace.spans, text);
    }
  }

  private void expire(long now, StringBuilder text) {
    long maxWait = MAX_WAIT.toNanos();
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending trace = it.next();
      if (now - trace.firstArrival < maxWait) {
        break; // insertion order is arrival order
      }
      it.remove();
      notPrinted(trace, "its local root did not end within " + MAX_WAIT.toSeconds() + " s", text);
    }
  }

  private static void notPrinted(Pending trace, String why, StringBuilder text) {
    int spans = trace.overflowed ? trace.dropped : trace.spans.size();
    text.append("trace ").append(trace.traceId).append(" not printed (").append(spans)
        .append(spans == 1 ? " span): " : " spans): ").append(why).append(System.lineSeparator());
  }

  private static boolean isLocalRoot(SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    return !parent.isValid() || parent.isRemote();
  }

  /** Checks the waiting traces against {@link #MAX_WAIT}; prints nothing else. */
  @Override
  public CompletableResultCode flush() {
    StringBuilder text = new StringBuilder();
    synchronized (this) {
      expire(nanoTime.getAsLong(), text);
    }
    print(text);
    return CompletableResultCode.ofSuccess();
  }

  /** Prints every waiting trace as far as it got, oldest first. */
  @Override
  public CompletableResultCode shutdown() {
    StringBuilder text = new StringBuilder();
    synchronized (this) {
      for (Pending trace : pending.values()) {
        complete(trace, text);
      }
      pending.clear();
    }
    print(text);
    return CompletableResultCode.ofSuccess();
  }

  private void print(StringBuilder text) {
    if (text.length() > 0) {
      out.print(text);
      out.flush();
    }
  }

  /** One trace: a header, then each span under its parent; spans whose parent is not here start at the left. */
  private void render(List<SpanData> spans, StringBuilder text) {
    Set<String> ids = new HashSet<>();
    spans.forEach(span -> ids.add(span.getSpanId()));
    Map<String, List<SpanData>> children = new HashMap<>();
    List<SpanData> roots = new ArrayList<>();
    for (SpanData span : spans) {
      if (ids.contains(span.getParentSpanId())) {
        children.computeIfAbsent(span.getParentSpanId(), p -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    Comparator<SpanData> byStart = Comparator.comparingLong(SpanData::getStartEpochNanos);
    roots.sort(byStart);
    children.values().forEach(list -> list.sort(byStart));
    String service = spans.get(0).getResource().getAttribute(SERVICE_NAME);
    text.append("trace ").append(spans.get(0).getTraceId()).append(" (").append(spans.size())
        .append(spans.size() == 1 ? " span" : " spans").append(service == null ? "" : ", " + service).append(')')
        .append(System.lineSeparator());
    for (SpanData root : roots) {
      append(root, children, 1, text);
    }
  }

  private void append(SpanData span, Map<String, List<SpanData>> children, int depth, StringBuilder text) {
    text.append("  ".repeat(depth));
    line(span, text);
    text.append(System.lineSeparator());
    for (SpanData child : children.getOrDefault(span.getSpanId(), List.of())) {
      append(child, children, depth + 1, text);
    }
  }

  private void line(SpanData span, StringBuilder line) {
    StatusCode status = span.getStatus().getStatusCode();
    line.append(span.getKind()).append(' ').append(span.getName()).append(' ')
        .append(String.format(Locale.ROOT, "%.2f ms", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6))
        .append(' ');
    if (colours && status == StatusCode.ERROR) {
      line.append(RED).append(status).append(RESET);
    } else {
      line.append(status);
    }
    String route = span.getAttributes().get(TraceguardAttributes.HTTP_ROUTE);
    if (route != null && !span.getName().endsWith(route)) {
      line.append(" http.route=").append(route);
    }
    String target = span.getKind() == SpanKind.CLIENT ? span.getAttributes().get(TraceguardAttributes.URL_FULL) : null;
    if (target != null) {
      line.append(" url.full=").append(target);
    }
    Long statusCode = span.getAttributes().get(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE);
    if (statusCode != null) {
      line.append(" http.response.status_code=").append(statusCode);
    }
    Long code = span.getAttributes().get(TraceguardAttributes.ERROR_CODE);
    if (code != null) {
      String domain = span.getAttributes().get(TraceguardAttributes.ERROR_DOMAIN);
      line.append(" error=").append(domain == null ? "" : domain + "-").append(code);
    }
    span.getAttributes().forEach((key, value) -> {
      if (!recordedByTraceguard(key.getKey())) {
        line.append(' ').append(key.getKey()).append('=').append(value);
      }
    });
    for (EventData event : span.getEvents()) {
      if (event.getName().equals(TraceguardAttributes.EXCEPTION_EVENT)) {
        exception(event, line);
        break;
      }
    }
  }

  private static void exception(EventData event, StringBuilder line) {
    String type = event.getAttributes().get(TraceguardAttributes.EXCEPTION_TYPE);
    String message = event.getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE);
    line.append(" exception=").append(type == null ? "?" : type.substring(type.lastIndexOf('.') + 1));
    if (message != null) {
      String oneLine = message.replaceAll("\\s+", " ");
      line.append(": ").append(oneLine.length() > MAX_MESSAGE ? oneLine.substring(0, MAX_MESSAGE) + "..." : oneLine);
    }
  }

  private static boolean recordedByTraceguard(String key) {
    for (String namespace : RECORDED_NAMESPACES) {
      if (key.startsWith(namespace)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "ConsoleSpanExporter";
  }

  /** The spans of one trace received so far. */
  private static final class Pending {
    final String traceId;
    final long firstArrival;
    final List<SpanData> spans = new ArrayList<>();
    boolean overflowed;
    int dropped;

    Pending(String traceId, long firstArrival) {
      this.traceId = traceId;
      this.firstArrival = firstArrival;
    }
  }
}
