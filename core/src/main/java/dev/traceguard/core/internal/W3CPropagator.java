package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.Propagator;
import dev.traceguard.api.TraceParent;
import dev.traceguard.core.LogThrottle;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Propagator} for W3C Trace Context ({@code traceparent}, {@code tracestate}) and W3C Baggage
 * ({@code baggage}), built on the OpenTelemetry API's {@link W3CTraceContextPropagator} and {@link
 * W3CBaggagePropagator} with Traceguard's stricter reading of incoming headers layered on top:
 *
 * <ul>
 *   <li>Every value of a repeated {@code traceparent} header is read (through {@link TextMapGetter#getAll}), and
 *       each value is also split on commas, since proxies may fold repeated headers into one. More than one
 *       traceparent restarts the trace: the extracted context gets no remote span context, though baggage is
 *       still extracted.
 *   <li>The one traceparent is checked by {@link #parseTraceparent(String)}, which also tolerates optional white
 *       space around it, and the remote span context is made from what it parsed (the SDK's W3C propagator only
 *       injects).
 *   <li>Repeated {@code tracestate} headers are combined in order into one list, as RFC 9110 combines field lines,
 *       and read by Traceguard ({@link W3CTraceState}) with the key grammar the W3C test harness checks today: keys
 *       may hold {@code @} anywhere after their first character, up to 256 characters in all. Empty and
 *       whitespace-only members are skipped; a repeated key keeps its first value; more than 32 members or one
 *       malformed member discards the whole list (the span context is kept).
 * </ul>
 *
 * <p>It is also a {@link TextMapPropagator}, so that the SDK's autoconfigure uses it in place of its own W3C Trace
 * Context propagator, and everything that propagates through the application's {@code OpenTelemetry} reads
 * incoming headers by the same rules.
 *
 * <p>Thread-safe and immutable. Extraction and injection never throw: a malformed header yields the context
 * without what that header would have carried, and a failure of the getter, the setter or the SDK propagator
 * yields the input context (or an injection that stops where it failed), logged at {@code FINE} at most once a
 * minute. The only exceptions let through are {@link VirtualMachineError}s other than {@link StackOverflowError}
 * (an {@link OutOfMemoryError}, say), after which the JVM itself cannot be trusted.
 */
public final class W3CPropagator implements Propagator, TextMapPropagator {

  // The names of TracingConfig.KNOWN_PROPAGATORS; a switch needs them as constants.
  static final String TRACECONTEXT = "tracecontext";
  static final String BAGGAGE = "baggage";

  private static final Logger logger = Logger.getLogger(W3CPropagator.class.getName());
  // System.nanoTime() of the last failure logged; starts one interval back so the first failure is logged.
  private static final LogThrottle LOG_THROTTLE = LogThrottle.everyMinute();

  private static final String TRACEPARENT = "traceparent";
  private static final String TRACESTATE = "tracestate";
  private static final String BAGGAGE_HEADER = "baggage";

  // Offsets within a traceparent value: vv-<32 hex trace id>-<16 hex parent id>-<2 hex flags>
  private static final int TRACE_ID_OFFSET = 3;
  private static final int TRACE_ID_LENGTH = 32;
  private static final int PARENT_ID_OFFSET = TRACE_ID_OFFSET + TRACE_ID_LENGTH + 1;
  private static final int PARENT_ID_LENGTH = 16;
  private static final int FLAGS_OFFSET = PARENT_ID_OFFSET + PARENT_ID_LENGTH + 1;
  private static final int TRACEPARENT_LENGTH = FLAGS_OFFSET + 2;
  private static final int INVALID_VERSION = 0xff;


  private final List<String> formats;
  private final boolean traceContext;
  private final TextMapPropagator delegate;
  /** W3C Baggage when configured: extraction reads traceparent and tracestate itself and leaves this the rest. */
  private final @Nullable TextMapPropagator baggage;

  private final List<String> fields;

  private W3CPropagator(List<String> formats, boolean traceContext, TextMapPropagator delegate) {
    this.formats = formats;
    this.traceContext = traceContext;
    this.delegate = delegate;
    this.baggage = formats.contains(BAGGAGE) ? W3CBaggagePropagator.getInstance() : null;
    this.fields = List.copyOf(delegate.fields());
  }

  /** Returns the headers this propagator reads and writes, as the SDK's propagators for its formats do. */
  @Override
  public Collection<String> fields() {
    return fields;
  }

  /**
   * Returns a propagator for the given formats, applied in the given order (which is the order in which {@link
   * #inject} writes the headers). A name given twice counts once. An empty list gives a propagator that extracts and
   * injects nothing; {@link #parseTraceparent(String)} works whatever the formats.
   *
   * @param formats names out of {@link dev.traceguard.api.TracingConfig#KNOWN_PROPAGATORS}, {@code tracecontext}
   *     and {@code baggage}, exactly so spelled; not null, no null element
   * @return a new propagator, never null
   * @throws NullPointerException if {@code formats} or one of its elements is null
   * @throws IllegalArgumentException if a name is neither {@code tracecontext} nor {@code baggage}
   */
  public static W3CPropagator create(List<String> formats) {
    requireNonNull(formats, "formats");
    List<String> names = new ArrayList<>(2);
    List<TextMapPropagator> propagators = new ArrayList<>(2);
    for (String format : formats) {
      requireNonNull(format, "formats contains null");
      if (names.contains(format)) {
        continue;
      }
      switch (format) {
        case TRACECONTEXT:
          propagators.add(W3CTraceContextPropagator.getInstance());
          break;
        case BAGGAGE:
          propagators.add(W3CBaggagePropagator.getInstance());
          break;
        default:
          throw new IllegalArgumentException("formats contains '" + format + "', which is neither '"
              + TRACECONTEXT + "' nor '" + BAGGAGE + "'");
      }
      names.add(format);
    }
    TextMapPropagator delegate;
    if (propagators.isEmpty()) {
      delegate = TextMapPropagator.noop();
    } else if (propagators.size() == 1) {
      delegate = propagators.get(0);
    } else {
      delegate = TextMapPropagator.composite(propagators);
    }
    return new W3CPropagator(Collections.unmodifiableList(names), names.contains(TRACECONTEXT), delegate);
  }

  /**
   * Returns {@code context} extended with the remote span context and the baggage found in the carrier, as the
   * class description says; {@code context} itself when the carrier is null, no format is configured or nothing
   * valid is found. Thread-safe; does not block unless the getter does. Never throws (see the class description
   * for the one exception).
   *
   * @param context the context to extend, not null
   * @param carrier the incoming request's headers; null yields {@code context}
   * @param getter reads the carrier; expected to match header names case-insensitively, as HTTP does
   */
  @Override
  public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
    if (carrier == null || formats.isEmpty()) {
      return context;
    }
    try {
      if (!traceContext) {
        return delegate.extract(context, carrier, getter);
      }
      // The SDK's baggage propagator builds an empty baggage when the header is absent: one look-up spares that.
      Context extracted = baggage == null || getter.get(carrier, BAGGAGE_HEADER) == null ? context
          : baggage.extract(context, carrier, getter);
      // The span context is built from the one parse: handing the SDK propagator a canonical header to parse
      // again would cost a second parse and its strings on every request.
      TraceParent parent = TraceHeaders.traceparent(carrier, getter);
      if (parent == null) {
        return extracted; // no traceparent, so no tracestate belongs to it
      }
      return extracted.with(Span.wrap(SpanContext.createFromRemoteParent(parent.traceId(), parent.parentId(),
          TraceFlags.fromByte((byte) parent.flags()), TraceHeaders.traceState(carrier, getter))));
    } catch (Throwable t) {
      onFailure("extract", t);
      return context;
    }
  }

  /**
   * Writes {@code traceparent} and {@code tracestate} (when the context holds a valid span context, the latter
   * only when its trace state is not empty) and {@code baggage} (when the context holds baggage), as far as the
   * formats include them and in their order. The traceparent is always written in version {@code 00}. Writes
   * nothing when the carrier is null or no format is configured. Thread-safe; does not block unless the setter
   * does. Never throws (see the class description for the one exception); a failing setter ends the injection.
   *
   * @param context the context to read, not null
   * @param carrier the outgoing request's headers; null writes nothing
   * @param setter writes the carrier
   */
  @Override
  public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
    if (carrier == null || formats.isEmpty()) {
      return;
    }
    try {
      delegate.inject(context, carrier, setter);
    } catch (Throwable t) {
      onFailure("inject", t);
    }
  }

  /**
   * Parses one {@code traceparent} value by W3C Trace Context (Level 1, and Level 2, which keeps its rules),
   * including the forward-compatible reading of versions above {@code 00}:
   *
   * <ul>
   *   <li>spaces and tabs around the value are ignored;
   *   <li>the version is two lower-case hex digits and not {@code ff};
   *   <li>version {@code 00} is exactly {@code 00-<trace id>-<parent id>-<flags>}, 55 characters;
   *   <li>a higher version must start with that layout, and may go on only after a {@code -} in position 56; what
   *       follows is ignored;
   *   <li>the trace id is 32 and the parent id 16 lower-case hex digits, neither all zero; the flags are two
   *       lower-case hex digits.
   * </ul>
   *
   * <p>All eight flag bits are returned as received, whatever the version, though version {@code 00} defines only
   * {@code sampled}: which bits to propagate is the caller's decision. Thread-safe, allocation-free for an invalid
   * value, never throws.
   *
   * @param header the header value; null yields empty
   * @return the parsed fields, or empty when the value breaks a rule
   */
  @Override
  public Optional<TraceParent> parseTraceparent(@Nullable String header) {
    if (header == null) {
      return Optional.empty();
    }
    int end = trimEnd(header, 0, header.length());
    return Optional.ofNullable(parse(header, trimStart(header, 0, end), end));
  }

  /** Returns the configured formats in order, for diagnostics, e.g. {@code W3CPropagator[tracecontext, baggage]}. */
  @Override
  public String toString() {
    return "W3CPropagator" + formats;
  }

  /** Parses {@code value[start, end)}, already trimmed; returns null when it is not a valid traceparent. */
  private static @Nullable TraceParent parse(String value, int start, int end) {
    int length = end - start;
    if (length < TRACEPARENT_LENGTH) {
      return null;
    }
    int version = hexByte(value, start);
    if (version < 0 || version == INVALID_VERSION) {
      return null;
    }
    if (length > TRACEPARENT_LENGTH && (version == 0 || value.charAt(start + TRACEPARENT_LENGTH) != '-')) {
      return null;
    }
    if (value.charAt(start + TRACE_ID_OFFSET - 1) != '-'
        || value.charAt(start + PARENT_ID_OFFSET - 1) != '-'
        || value.charAt(start + FLAGS_OFFSET - 1) != '-') {
      return null;
    }
    if (!isLowerHexNotAllZero(value, start + TRACE_ID_OFFSET, TRACE_ID_LENGTH)
        || !isLowerHexNotAllZero(value, start + PARENT_ID_OFFSET, PARENT_ID_LENGTH)) {
      return null;
    }
    int flags = hexByte(value, start + FLAGS_OFFSET);
    if (flags < 0) {
      return null;
    }
    return new TraceParent(
        version,
        value.substring(start + TRACE_ID_OFFSET, start + TRACE_ID_OFFSET + TRACE_ID_LENGTH),
        value.substring(start + PARENT_ID_OFFSET, start + PARENT_ID_OFFSET + PARENT_ID_LENGTH),
        flags);
  }

  /** Returns the byte the two lower-case hex digits at {@code offset} encode, or -1. */
  private static int hexByte(String value, int offset) {
    int high = hexDigit(value.charAt(offset));
    int low = hexDigit(value.charAt(offset + 1));
    return high < 0 || low < 0 ? -1 : high << 4 | low;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  private static boolean isLowerHexNotAllZero(String value, int offset, int length) {
    boolean nonZero = false;
    for (int i = offset; i < offset + length; i++) {
      char c = value.charAt(i);
      if (hexDigit(c) < 0) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }

  /** Returns true for optional white space (RFC 9110: space or horizontal tab). */
  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  private static int trimStart(String value, int start, int end) {
    while (start < end && isOws(value.charAt(start))) {
      start++;
    }
    return start;
  }

  private static int trimEnd(String value, int start, int end) {
    while (end > start && isOws(value.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** Logs a failure once a minute at {@code FINE}; rethrows a {@link VirtualMachineError} but stack overflow. */
  static void onFailure(String operation, Throwable failure) {
    if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
      throw (VirtualMachineError) failure;
    }
    LOG_THROTTLE.log(logger, Level.FINE, "Could not " + operation + " trace context; carrying on without it."
        + " Further failures are logged at most once a minute.", failure);
  }

  /**
   * Reads {@code traceparent} and {@code tracestate} from a carrier by Traceguard's rules, in place of the SDK
   * propagator: the SDK's trace state enforces the Level 1 key limits the Working Group has since dropped.
   */
  private static final class TraceHeaders {
    private TraceHeaders() {}

    /** Returns the only traceparent, parsed, or null when there is none, more than one, or it is invalid. */
    static <C> @Nullable TraceParent traceparent(@Nullable C carrier, TextMapGetter<C> getter) {
      Iterator<String> values = getter.getAll(carrier, TRACEPARENT);
      if (values == null || !values.hasNext()) {
        return null;
      }
      String found = null;
      int foundStart = 0;
      int foundEnd = 0;
      for (Elements element = new Elements(values); element.next(); ) {
        if (found != null) {
          return null; // a second traceparent: which one is the parent cannot be told, so restart
        }
        found = element.value;
        foundStart = element.start;
        foundEnd = element.end;
      }
      if (found == null) {
        return null;
      }
      return parse(found, foundStart, foundEnd);
    }

    /**
     * Reads every tracestate value as one list (RFC 9110 combines repeated field lines in order) into a trace
     * state. The whole list is discarded, as the Recommendation allows, when it has more than 32 members or a
     * member that is not {@code key=value} by the grammar of {@link W3CTraceState}; a key seen before is dropped
     * (keeping its first, left-most value), since only the sender may make keys unique. Stops at the first fault,
     * which bounds the work on hostile input. Never null.
     */
    static <C> TraceState traceState(@Nullable C carrier, TextMapGetter<C> getter) {
      Iterator<String> values = getter.getAll(carrier, TRACESTATE);
      if (values == null) {
        return TraceState.getDefault();
      }
      List<String> keys = new ArrayList<>();
      List<String> entries = new ArrayList<>();
      int members = 0;
      for (Elements element = new Elements(values); element.next(); ) {
        if (++members > W3CTraceState.MAX_MEMBERS) {
          return TraceState.getDefault();
        }
        int equals = element.value.indexOf('=', element.start);
        if (equals < 0 || equals >= element.end
            || !W3CTraceState.isValidKey(element.value, element.start, equals)
            || !W3CTraceState.isValidValue(element.value, equals + 1, element.end)) {
          return TraceState.getDefault();
        }
        String key = element.value.substring(element.start, equals);
        if (!keys.contains(key)) {
          keys.add(key);
          entries.add(element.value.substring(equals + 1, element.end));
        }
      }
      return W3CTraceState.of(keys, entries);
    }
  }

  /**
   * Walks the non-empty, trimmed, comma-separated elements of every value of a repeated header (a proxy may fold
   * repeated headers into one comma-joined value, so both forms read alike). After {@link #next()} returns true,
   * the element is {@code value.substring(start, end)}, left unallocated.
   */
  private static final class Elements {
    private final Iterator<String> values;
    String value = "";
    int start;
    int end;
    private int next = 1; // past the end of the empty first value: the first call moves on to the first header

    Elements(Iterator<String> values) {
      this.values = values;
    }

    boolean next() {
      while (true) {
        while (next <= value.length()) {
          int comma = value.indexOf(',', next);
          int elementEnd = comma < 0 ? value.length() : comma;
          end = trimEnd(value, next, elementEnd);
          start = trimStart(value, next, end);
          next = elementEnd + 1;
          if (start < end) {
            return true;
          }
        }
        String following = null;
        while (following == null) {
          if (!values.hasNext()) {
            return false;
          }
          following = values.next();
        }
        value = following;
        next = 0;
      }
    }
  }
}
