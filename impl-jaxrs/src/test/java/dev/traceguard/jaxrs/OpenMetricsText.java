package dev.traceguard.jaxrs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parser for the OpenMetrics text format, as much of it as the tests read: samples with their labels and value,
 * and an exemplar's labels when the sample has one. Comments ({@code # TYPE}, {@code # HELP}, {@code # EOF}) are
 * skipped. Fails loudly on a line it cannot read, so a format change shows up as a failed test.
 */
final class OpenMetricsText {
  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value, @Nullable Map<String, String> exemplar) {}

  private final String text;
  private int pos;

  private OpenMetricsText(String text) {
    this.text = text;
  }

  static List<Sample> parse(String exposition) {
    List<Sample> samples = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      samples.add(new OpenMetricsText(line).sample());
    }
    return samples;
  }

  private Sample sample() {
    String name = name();
    Map<String, String> labels = peek() == '{' ? labels() : Map.of();
    expect(' ');
    double value = Double.parseDouble(token());
    Map<String, String> exemplar = null;
    int hash = text.indexOf(" # ", pos);
    if (hash >= 0) {
      pos = hash + 3;
      exemplar = labels();
    }
    return new Sample(name, labels, value, exemplar);
  }

  private String name() {
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == ':')) {
      pos++;
    }
    if (pos == start) {
      throw new IllegalArgumentException("no metric or label name at " + pos + " in: " + text);
    }
    return text.substring(start, pos);
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    expect('{');
    while (peek() != '}') {
      String key = name();
      expect('=');
      labels.put(key, quoted());
      if (peek() == ',') {
        pos++;
      }
    }
    expect('}');
    return labels;
  }

  private String quoted() {
    expect('"');
    StringBuilder value = new StringBuilder();
    while (peek() != '"') {
      char c = text.charAt(pos++);
      if (c == '\\') {
        char escaped = text.charAt(pos++);
        value.append(escaped == 'n' ? '\n' : escaped);
      } else {
        value.append(c);
      }
    }
    expect('"');
    return value.toString();
  }

  private String token() {
    int start = pos;
    while (pos < text.length() && peek() != ' ') {
      pos++;
    }
    return text.substring(start, pos);
  }

  private char peek() {
    if (pos >= text.length()) {
      throw new IllegalArgumentException("line ends early: " + text);
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in: " + text);
    }
    pos++;
  }
}
