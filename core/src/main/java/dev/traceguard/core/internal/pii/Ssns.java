package dev.traceguard.core.internal.pii;

import static dev.traceguard.core.internal.pii.Chars.isDigit;
import static dev.traceguard.core.internal.pii.Chars.isNumberEnd;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * United States Social Security numbers: {@code 123-45-6789} or {@code 123 45 6789} (no group all zeros), and nine
 * digits in a row right after {@code ssn} or {@code social security number} ({@code SSN: 123456789}), become
 * {@value #MASK}. Tried after cards and before phones, whose dashes they share. The detector {@link
 * dev.traceguard.api.PiiDetector#SSN}.
 *
 * <p>Reads at most 11 characters past the start, and for a plain number the few before it that hold the context
 * word. Stateless.
 */
final class Ssns implements Detector {
  static final Ssns INSTANCE = new Ssns();
  static final String MASK = "***-**-****";
  private static final int LENGTH = 11;
  /** Words after which a plain run of nine digits is taken for an SSN, ASCII case ignored. */
  private static final List<String> WORDS = List.of("ssn", "social security number", "social security no");

  private Ssns() {}

  @Override
  public boolean mayStartWith(char c) {
    return isDigit(c);
  }

  @Override
  public int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite) {
    if ((before & Chars.NUMBER_BEFORE) != 0) {
      return NO_MATCH;
    }
    int end = ssnEnd(text, p);
    return end < 0 ? NO_MATCH : Rewrite.replace(rewrite, p, end, MASK, end);
  }

  /** Returns the end of an SSN at {@code p}, or -1. */
  static int ssnEnd(CharSequence text, int p) {
    int end = p + LENGTH;
    char sep = p + 3 < text.length() ? text.charAt(p + 3) : 0;
    if (sep != '-' && sep != ' ') {
      return plainEnd(text, p);
    }
    if (end > text.length()) {
      return -1;
    }
    for (int i = p; i < end; i++) {
      char c = text.charAt(i);
      boolean separator = i == p + 3 || i == p + 6;
      if (separator ? c != sep : !isDigit(c)) {
        return -1;
      }
    }
    return isIssuable(text, p, p + 4, p + 7) && isNumberEnd(text, end) ? end : -1;
  }

  /** Nine digits in a row count as an SSN only right after a word saying so ({@code ssn}, {@code SSN:}, ...). */
  private static int plainEnd(CharSequence text, int p) {
    int end = p + 9;
    if (end > text.length() || !Chars.areDigits(text, p, 9) || !isNumberEnd(text, end)
        || !isIssuable(text, p, p + 3, p + 5)) {
      return -1;
    }
    int i = p;
    for (int skipped = 0; i > 0 && skipped < 4 && " \t:=#\"'".indexOf(text.charAt(i - 1)) >= 0; skipped++) {
      i--;
    }
    for (String word : WORDS) {
      int start = i - word.length();
      if (start >= 0 && Chars.isWordAt(text, start, word)
          && (start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)))) {
        return end;
      }
    }
    return -1;
  }

  /** No group all zeros, as the Social Security Administration never issues. */
  private static boolean isIssuable(CharSequence text, int area, int group, int serial) {
    return !Chars.startsWith(text, area, "000") && !Chars.startsWith(text, group, "00")
        && !Chars.startsWith(text, serial, "0000");
  }
}
