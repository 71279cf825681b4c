package dev.traceguard.core.internal;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@code tracestate} list by the W3C Trace Context key grammar as the Working Group now writes it (and its test
 * harness checks, since w3c/trace-context#584): a key is a lower-case letter or digit followed by up to 255 of
 * {@code a-z 0-9 _ - * / @}, so {@code @} may appear anywhere after the first character and the Level 1 limits on
 * the parts around it (241 and 14) no longer apply. The OpenTelemetry API's own trace state still enforces those,
 * and would discard a list the Recommendation now accepts; this one carries it instead.
 *
 * <p>Immutable, members in order, each key once. Values are 1 to 256 printable ASCII characters other than {@code ,}
 * and {@code =}, not ending in a space.
 */
final class W3CTraceState implements TraceState {
  static final int MAX_MEMBERS = 32;
  static final int MAX_KEY_LENGTH = 256;
  static final int MAX_VALUE_LENGTH = 256;
  private static final W3CTraceState EMPTY = new W3CTraceState(new String[0], new String[0]);

  private final String[] keys;
  private final String[] values;

  private W3CTraceState(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
  }

  /**
   * Returns a trace state of the given members, in order; the lists hold valid, distinct keys and valid values. It
   * is the OpenTelemetry API's own when that accepts every key (so trace states compare equal whichever way they were
   * made), this class otherwise.
   */
  static TraceState of(List<String> keys, List<String> values) {
    if (keys.isEmpty()) {
      return TraceState.getDefault();
    }
    TraceStateBuilder builder = TraceState.builder();
    for (int i = keys.size() - 1; i >= 0; i--) {
      builder.put(keys.get(i), values.get(i)); // each put goes to the front
    }
    TraceState standard = builder.build();
    return standard.size() == keys.size() ? standard
        : new W3CTraceState(keys.toArray(new String[0]), values.toArray(new String[0]));
  }

  /** Whether {@code text[start, end)} is a key by the grammar above. */
  static boolean isValidKey(CharSequence text, int start, int end) {
    int length = end - start;
    if (length < 1 || length > MAX_KEY_LENGTH || !isLowerAlphaOrDigit(text.charAt(start))) {
      return false;
    }
    for (int i = start + 1; i < end; i++) {
      char c = text.charAt(i);
      if (!isLowerAlphaOrDigit(c) && c != '_' && c != '-' && c != '*' && c != '/' && c != '@') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code text[start, end)} is a value: printable ASCII but {@code ,} and {@code =}, no trailing space. */
  static boolean isValidValue(CharSequence text, int start, int end) {
    int length = end - start;
    if (length < 1 || length > MAX_VALUE_LENGTH || text.charAt(end - 1) == ' ') {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlphaOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  @Override
  public @Nullable String get(String key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean isEmpty() {
    return keys.length == 0;
  }

  @Override
  public void forEach(BiConsumer<String, String> consumer) {
    for (int i = 0; i < keys.length; i++) {
      consumer.accept(keys[i], values[i]);
    }
  }

  @Override
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    forEach(map::put);
    return Collections.unmodifiableMap(map);
  }

  @Override
  public TraceStateBuilder toBuilder() {
    return new Builder(this);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof W3CTraceState
        && Arrays.equals(keys, ((W3CTraceState) other).keys)
        && Arrays.equals(values, ((W3CTraceState) other).values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "W3CTraceState" + asMap();
  }

  /**
   * Changes a trace state as a vendor may: a put moves its key to the front (the Recommendation's rule for a mutated
   * entry), a put beyond 32 members or with an invalid key or value is ignored, like the OpenTelemetry builder does.
   */
  private static final class Builder implements TraceStateBuilder {
    private final List<String> keys;
    private final List<String> values;

    Builder(W3CTraceState base) {
      keys = new ArrayList<>(Arrays.asList(base.keys));
      values = new ArrayList<>(Arrays.asList(base.values));
    }

    @Override
    public TraceStateBuilder put(String key, String value) {
      if (key == null || value == null || !isValidKey(key, 0, key.length())
          || !isValidValue(value, 0, value.length())) {
        return this;
      }
      remove(key);
      if (keys.size() < MAX_MEMBERS) {
        keys.add(0, key);
        values.add(0, value);
      }
      return this;
    }

    @Override
    public TraceStateBuilder remove(String key) {
      int index = keys.indexOf(key);
      if (index >= 0) {
        keys.remove(index);
        values.remove(index);
      }
      return this;
    }

    @Override
    public TraceState build() {
      return keys.isEmpty() ? EMPTY : new W3CTraceState(keys.toArray(new String[0]), values.toArray(new String[0]));
    }
  }
}
