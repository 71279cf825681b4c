package dev.traceguard.jaxrs.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Records configured headers as {@code http.request.header.<name>} or {@code http.response.header.<name>} string
 * arrays. The attribute keys are built once, at start-up; credential headers are redacted later, on the export
 * path. Thread-safe.
 */
final class CapturedHeaders {
  private final List<String> names;
  private final List<AttributeKey<List<String>>> keys;

  private CapturedHeaders(String prefix, List<String> names) {
    this.names = names;
    this.keys = names.stream().map(name -> AttributeKey.stringArrayKey(prefix + name)).toList();
  }

  static CapturedHeaders request(List<String> lowerCaseNames) {
    return new CapturedHeaders("http.request.header.", lowerCaseNames);
  }

  static CapturedHeaders response(List<String> lowerCaseNames) {
    return new CapturedHeaders("http.response.header.", lowerCaseNames);
  }

  boolean isEmpty() {
    return names.isEmpty();
  }

  /** Records every configured header that is present; {@code values} looks a header up case-insensitively. */
  void record(Span span, Function<String, @Nullable List<String>> values) {
    for (int i = 0; i < names.size(); i++) {
      List<String> found = values.apply(names.get(i));
      if (found != null && !found.isEmpty()) {
        span.setAttribute(keys.get(i), List.copyOf(found));
      }
    }
  }
}
