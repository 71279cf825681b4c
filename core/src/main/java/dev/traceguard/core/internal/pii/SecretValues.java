package dev.traceguard.core.internal.pii;

import static dev.traceguard.core.internal.pii.Chars.isBlank;
import static dev.traceguard.core.internal.pii.Chars.skipBlanks;

import dev.traceguard.api.PiiMasker;
import org.jspecify.annotations.Nullable;

/**
 * The value after a secret-named key becomes {@link PiiMasker#REDACTED}, in {@code key=value}, {@code key: value}
 * and JSON forms, quotes kept ({@code password=[REDACTED]}, {@code "api_key": "[REDACTED]"}); a key is secret-named
 * when it ends with a name that {@link HttpRedaction#SECRET_NAMES} lists, such as {@code password}, {@code token} or
 * {@code authorization}. An authentication scheme word after the key is kept ({@code Authorization: Bearer
 * [REDACTED]}); after {@code Digest}, whose credentials are a list of parameters, the value runs to the end of the
 * line. Empty values, JSON literals ({@code null}, {@code true}, {@code false}) and values already redacted are kept.
 * A key starts before its value, so {@code token=4111111111111111} is one redacted secret, not a card. Part of {@link
 * dev.traceguard.api.PiiDetector#SECRET}.
 *
 * <p>A key starts a run of key characters ({@code [A-Za-z0-9_.-]}) and never follows a dot, so each key is read
 * from one start only; the value is read only when the key is secret-named, and the scan then goes on after it.
 * Stateless.
 */
final class SecretValues implements Detector {
  static final SecretValues INSTANCE = new SecretValues();
  private static final String[] KEPT_SCHEMES = {"bearer", "basic", "digest", "negotiate"};
  private static final int[] SECRET_ENDINGS = secretEndings();
  /** A key does not start after these. */
  private static final int KEY_BEFORE = Chars.WORD | Chars.DOT | Chars.DASH;

  private SecretValues() {}

  @Override
  public boolean mayStartWith(char c) {
    return (Chars.classOf(c) & Chars.KEY_START) != 0;
  }

  @Override
  public int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite) {
    if ((before & KEY_BEFORE) != 0) {
      return NO_MATCH;
    }
    // Whatever follows a key that is not secret-named, no later detector can match where the key starts: such a
    // pair is passed over without reading its value.
    int keyEnd = keyEnd(text, p);
    if (assignmentEnd(text, keyEnd) < 0 || !isSecretKey(text, p, keyEnd)) {
      return NO_MATCH;
    }
    long match = keyValueAt(text, p);
    return match < 0 ? NO_MATCH : maskValue(rewrite, text, p, (int) (match >>> 32), (int) match);
  }

  /** Returns the end of the run of key characters ({@code [A-Za-z0-9_.-]}) that starts at {@code p}. */
  static int keyEnd(CharSequence text, int p) {
    int end = p + 1;
    while (end < text.length() && (Chars.classOf(text.charAt(end)) & KEY_BEFORE) != 0) {
      end++;
    }
    return end;
  }

  /**
   * Whether a key ends with a secret name. Its last two letters rule out most keys before the names are compared:
   * {@code trace_id} and {@code db.operation} get that far, {@code server.port} and {@code thread.name} do not.
   */
  private static boolean isSecretKey(CharSequence text, int start, int end) {
    if (end - start < 2) {
      return false;
    }
    int last = (text.charAt(end - 1) | 0x20) - 'a';
    int previous = (text.charAt(end - 2) | 0x20) - 'a';
    return last >= 0 && last < 26 && previous >= 0 && previous < 26
        && (SECRET_ENDINGS[last] & (1 << previous)) != 0 && HttpRedaction.isSecretName(text, start, end);
  }

  /** For each last letter of a secret name, a bit for each letter that comes before it in one; from the names. */
  private static int[] secretEndings() {
    int[] endings = new int[26];
    for (String name : HttpRedaction.SECRET_NAMES) {
      int n = name.length();
      endings[name.charAt(n - 1) - 'a'] |= 1 << (name.charAt(n - 2) - 'a');
    }
    return endings;
  }

  /**
   * Matches a key-value pair at {@code p} by hand, as the expression {@code [A-Za-z_][\w.-]*+(?:\\?["']|\])?[
   * \t]{0,3}[:=][ \t]{0,3}}, then optionally a scheme word ({@code bearer}, {@code basic}, {@code digest} or {@code
   * negotiate}, ASCII case ignored) and {@code [ \t]++}, then a value: {@code \\?["']} (an opening quote), {@code
   * \[REDACTED\]}, or {@code [^\s&;,"'<>()\[\]{}#]++} would. The scheme word counts only when a value follows its
   * blanks; otherwise it is the value. Returns {@code valueStart << 32 | end}, where the value starts at its opening
   * quote when it has one and the match ends after that quote; or -1.
   */
  static long keyValueAt(CharSequence text, int p) {
    int from = assignmentEnd(text, keyEnd(text, p));
    if (from < 0) {
      return -1;
    }
    int schemeEnd = schemeWordEnd(text, from);
    if (schemeEnd > 0 && schemeEnd < text.length() && isBlank(text.charAt(schemeEnd))) {
      int valueStart = skipBlanks(text, schemeEnd, Integer.MAX_VALUE);
      int end = valueEnd(text, valueStart);
      if (end > 0) {
        return ((long) valueStart << 32) | end;
      }
    }
    int end = valueEnd(text, from);
    return end > 0 ? ((long) from << 32) | end : -1;
  }

  /**
   * Returns where a pair's value part may start: after a key ending at {@code keyEnd}, an optional quote, escaped
   * quote or closing bracket, at most three blanks, {@code :} or {@code =}, and at most three blanks; or -1.
   */
  static int assignmentEnd(CharSequence text, int keyEnd) {
    int length = text.length();
    int i = keyEnd;
    if (i < length) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < length && isQuote(text.charAt(i + 1))) {
        i += 2;
      } else if (isQuote(c) || c == ']') {
        i++;
      }
    }
    i = skipBlanks(text, i, 3);
    if (i >= length || (text.charAt(i) != ':' && text.charAt(i) != '=')) {
      return -1;
    }
    return skipBlanks(text, i + 1, 3);
  }

  /** Returns the end of an authentication scheme word kept before a value, at {@code i}, or -1. */
  private static int schemeWordEnd(CharSequence text, int i) {
    for (String scheme : KEPT_SCHEMES) {
      if (Chars.isWordAt(text, i, scheme)) {
        return i + scheme.length();
      }
    }
    return -1;
  }

  /**
   * Returns the end of a value's match at {@code i}: after an opening quote (escaped or not), after {@link
   * PiiMasker#REDACTED}, or after a run of characters that do not stop a value; or -1.
   */
  private static int valueEnd(CharSequence text, int i) {
    int length = text.length();
    if (i >= length) {
      return -1;
    }
    char c = text.charAt(i);
    if (isQuote(c)) {
      return i + 1;
    }
    if (c == '\\' && i + 1 < length && isQuote(text.charAt(i + 1))) {
      return i + 2;
    }
    if (Chars.startsWith(text, i, PiiMasker.REDACTED)) {
      return i + PiiMasker.REDACTED.length();
    }
    int end = i;
    while (end < length && !isValueStop(text.charAt(end))) {
      end++;
    }
    return end > i ? end : -1;
  }

  /** Whether {@code c} ends an unquoted value: {@code \s&;,"'<>()[]{}#}. */
  private static boolean isValueStop(char c) {
    switch (c) {
      case ' ', '\t', '\n', '\u000B', '\f', '\r', '&', ';', ',', '"', '\'', '<', '>', '(', ')', '[', ']', '{', '}',
          '#':
        return true;
      default:
        return false;
    }
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }

  /** Whether a pair's value, as {@link #keyValueAt} found it at {@code valueStart}, opens with a quote. */
  static boolean isQuotedValue(CharSequence text, int valueStart) {
    char c = text.charAt(valueStart);
    return isQuote(c) || (c == '\\' && valueStart + 1 < text.length() && isQuote(text.charAt(valueStart + 1)));
  }

  /**
   * Masks the value of the key-value pair at {@code p} whose value {@link #keyValueAt} found at {@code valueStart}
   * and whose match ends at {@code end}; returns where the scan goes on, or {@link #NEEDS_COPY}.
   */
  private static int maskValue(@Nullable Rewrite rewrite, CharSequence text, int p, int valueStart, int end) {
    int length = text.length();
    int next = end;
    int from = assignmentEnd(text, keyEnd(text, p));
    int start;
    int valueEnd;
    boolean keep; // empty, already redacted, or a JSON literal
    if (valueStart != from && Chars.isWordAt(text, from, "digest")) {
      // Digest credentials are a list of parameters, spaces and quotes included: all of it, to the line's end
      start = valueStart;
      valueEnd = Chars.lineEnd(text, start);
      next = valueEnd;
      keep = HttpRedaction.isRedacted(text, start, valueEnd);
    } else if (!isQuotedValue(text, valueStart)) {
      start = valueStart;
      valueEnd = end;
      keep = HttpRedaction.isRedacted(text, start, valueEnd) || isJsonLiteral(text, start, valueEnd);
    } else {
      // A quoted value: its closing quote is found by hand, linear and without recursion.
      boolean escaped = end - valueStart == 2; // \" inside an escaped JSON string
      char quote = text.charAt(end - 1);
      valueEnd = closingQuote(text, end, quote, escaped);
      boolean closed = valueEnd < length && text.charAt(valueEnd) == (escaped ? '\\' : quote);
      next = closed ? valueEnd + (escaped ? 2 : 1) : valueEnd; // unclosed: the value ran to the line's end
      start = afterScheme(text, end, valueEnd);
      keep = start >= valueEnd || HttpRedaction.isRedacted(text, start, valueEnd);
    }
    return keep ? next : Rewrite.replace(rewrite, start, valueEnd, PiiMasker.REDACTED, next);
  }

  /**
   * Returns the index of the quote closing a value that starts at {@code from}: the next unescaped {@code quote},
   * or with {@code escaped} the next backslash-quote pair; the line's end when there is none.
   */
  private static int closingQuote(CharSequence text, int from, char quote, boolean escaped) {
    int length = text.length();
    for (int i = from; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
      if (escaped) {
        if (c == '\\' && i + 1 < length && text.charAt(i + 1) == quote) {
          return i;
        }
      } else if (c == quote) {
        return i;
      } else if (c == '\\' && quote == '"') {
        i++; // skip the escaped character
      }
    }
    return length;
  }

  /** Skips an authentication scheme word and its blanks at the start of a quoted value: "Bearer abc". */
  private static int afterScheme(CharSequence text, int start, int end) {
    for (String scheme : KEPT_SCHEMES) {
      int n = scheme.length();
      if (start + n < end && Chars.isWordAt(text, start, scheme) && isBlank(text.charAt(start + n))) {
        int i = start + n;
        while (i < end && isBlank(text.charAt(i))) {
          i++;
        }
        return i;
      }
    }
    return start;
  }

  private static boolean isJsonLiteral(CharSequence text, int start, int end) {
    int n = end - start;
    return (n == 4 && (Chars.startsWith(text, start, "null") || Chars.startsWith(text, start, "true")))
        || (n == 5 && Chars.startsWith(text, start, "false"));
  }
}
