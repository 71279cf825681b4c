package dev.traceguard.jaxrs.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The regular expression of a JAX-RS {@code @Path} template: literal text as it is, {@code {name}} as one path
 * segment, {@code {name: regex}} as its regex (which may hold braces of its own). Compiled once per template and
 * cached; a template whose regex does not compile matches nothing. Thread-safe.
 */
final class PathTemplates {
  private static final Pattern NOTHING = Pattern.compile("(?!)");
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private PathTemplates() {}

  /** The pattern of {@code template}, to be matched against a path with no leading or trailing slash. */
  static Pattern pattern(String template) {
    return PATTERNS.computeIfAbsent(template, PathTemplates::compile);
  }

  private static Pattern compile(String template) {
    StringBuilder regex = new StringBuilder();
    int literal = 0;
    int i = 0;
    while (i < template.length()) {
      if (template.charAt(i) != '{') {
        i++;
        continue;
      }
      int close = closingBrace(template, i);
      if (close < 0) {
        return NOTHING;
      }
      regex.append(Pattern.quote(template.substring(literal, i)));
      String variable = template.substring(i + 1, close);
      int colon = variable.indexOf(':');
      regex.append(colon < 0 ? "[^/]+" : "(?:" + variable.substring(colon + 1).strip() + ")");
      i = close + 1;
      literal = i;
    }
    regex.append(Pattern.quote(template.substring(literal)));
    try {
      return Pattern.compile(regex.toString());
    } catch (IllegalArgumentException e) {
      return NOTHING;
    }
  }

  /** The index of the brace closing the one at {@code open}, counting nested braces; -1 when there is none. */
  private static int closingBrace(String template, int open) {
    int depth = 0;
    for (int i = open; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
