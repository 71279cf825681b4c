package dev.traceguard.cdi.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * What the interceptors need to know about one business method of one bean class, read from the annotations once
 * at deployment: the span name and kind, whether it is traced at all and by which annotation, whether it starts a new
 * trace, whether it returns a {@link CompletionStage}, and which arguments become attributes. Immutable and thread-safe.
 */
final class TracedMethod {
  private static final ParameterAttribute[] NO_ATTRIBUTES = new ParameterAttribute[0];

  /**
   * Which annotation traces the method, and so which of the two interceptors acts: a method that both bind (a
   * class-level {@code @Traced} and a method-level {@code @WithSpan}) gets one span, from the one named here.
   */
  enum Binding {
    /** Traceguard's {@code @Traced}. */
    TRACED,
    /** The OpenTelemetry standard's {@code @WithSpan}. */
    WITH_SPAN
  }

  private final String spanName;
  private final SpanKind kind;
  private final boolean enabled;
  private final boolean async;
  private final Binding binding;
  private final boolean newTrace;
  private final ParameterAttribute[] attributes;

  private TracedMethod(String spanName, SpanKind kind, boolean enabled, boolean async, Binding binding,
      boolean newTrace, List<ParameterAttribute> attributes) {
    this.spanName = spanName;
    this.kind = kind;
    this.enabled = enabled;
    this.async = async;
    this.binding = binding;
    this.newTrace = newTrace;
    this.attributes = attributes.isEmpty() ? NO_ATTRIBUTES : attributes.toArray(NO_ATTRIBUTES);
  }

  /** A method traced by {@code @Traced}. */
  static TracedMethod traced(
      String spanName, SpanKind kind, Class<?> returnType, List<ParameterAttribute> attributes) {
    return new TracedMethod(spanName, kind, true, CompletionStage.class.isAssignableFrom(returnType),
        Binding.TRACED, false, attributes);
  }

  /** A method traced by {@code @WithSpan}; {@code newTrace} when its {@code inheritContext} is false. */
  static TracedMethod withSpan(String spanName, SpanKind kind, boolean newTrace, Class<?> returnType,
      List<ParameterAttribute> attributes) {
    return new TracedMethod(spanName, kind, true, CompletionStage.class.isAssignableFrom(returnType),
        Binding.WITH_SPAN, newTrace, attributes);
  }

  /** A method opted out with {@code @Traced(enabled = false)}. */
  static TracedMethod notTraced(String spanName) {
    return new TracedMethod(spanName, SpanKind.INTERNAL, false, false, Binding.TRACED, false, List.of());
  }

  /** Which interceptor traces the method. */
  Binding binding() {
    return binding;
  }

  /** True when the span starts a new trace rather than continuing the current one. */
  boolean isNewTrace() {
    return newTrace;
  }

  String spanName() {
    return spanName;
  }

  SpanKind kind() {
    return kind;
  }

  boolean isEnabled() {
    return enabled;
  }

  /** True when the declared return type is a {@link CompletionStage}: the span ends when the stage completes. */
  boolean isAsync() {
    return async;
  }

  int attributeCount() {
    return attributes.length;
  }

  /** Puts the captured arguments on the span builder; a null or missing argument is skipped. */
  void addAttributes(SpanBuilder builder, Object @Nullable [] arguments) {
    if (arguments == null) {
      return;
    }
    for (ParameterAttribute attribute : attributes) {
      if (attribute.index < arguments.length) {
        attribute.addTo(builder, arguments[attribute.index]);
      }
    }
  }

  @Override
  public String toString() {
    return "TracedMethod{" + spanName + ", " + kind + (binding == Binding.WITH_SPAN ? ", @WithSpan" : "")
        + (enabled ? "" : ", disabled")
        + (async ? ", async" : "") + (newTrace ? ", new trace" : "") + ", attributes=" + attributes.length + '}';
  }

  /**
   * One {@code @SpanAttribute} parameter: its position and its key in each attribute type. The value's run-time
   * type picks the key, so an {@code Object} parameter holding an {@code Integer} is still recorded as a long.
   */
  static final class ParameterAttribute {
    final int index;
    private final AttributeKey<String> stringKey;
    private final AttributeKey<Boolean> booleanKey;
    private final AttributeKey<Long> longKey;
    private final AttributeKey<Double> doubleKey;

    ParameterAttribute(int index, String key) {
      this.index = index;
      this.stringKey = AttributeKey.stringKey(key);
      this.booleanKey = AttributeKey.booleanKey(key);
      this.longKey = AttributeKey.longKey(key);
      this.doubleKey = AttributeKey.doubleKey(key);
    }

    String key() {
      return stringKey.getKey();
    }

    /**
     * Strings, booleans, whole numbers (long, int, short, byte) and floating-point numbers (double, float) keep
     * their type; anything else is recorded as its {@code toString()}; null is not recorded.
     */
    void addTo(SpanBuilder builder, @Nullable Object value) {
      if (value == null) {
        return;
      }
      if (value instanceof String) {
        builder.setAttribute(stringKey, (String) value);
      } else if (value instanceof Boolean) {
        builder.setAttribute(booleanKey, (Boolean) value);
      } else if (value instanceof Long || value instanceof Integer || value instanceof Short
          || value instanceof Byte) {
        builder.setAttribute(longKey, ((Number) value).longValue());
      } else if (value instanceof Double || value instanceof Float) {
        builder.setAttribute(doubleKey, ((Number) value).doubleValue());
      } else {
        String text = value.toString();
        if (text != null) {
          builder.setAttribute(stringKey, text);
        }
      }
    }
  }
}
