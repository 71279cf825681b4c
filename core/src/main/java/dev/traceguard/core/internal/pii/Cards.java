package dev.traceguard.core.internal.pii;

import static dev.traceguard.core.internal.pii.Chars.digitRun;
import static dev.traceguard.core.internal.pii.Chars.isDigit;
import static dev.traceguard.core.internal.pii.Chars.isNumberEnd;

import org.jspecify.annotations.Nullable;

/**
 * Payment cards: 13 to 19 digits, plain or in groups of 4 (4-4-4-1..4, 4-4-4-4-1..3) or 4-6-4/5 (American
 * Express, Diners), separated by spaces, dashes or dots, one kind or mixed, that pass the Luhn check and start like
 * a payment card (3, 4, 5 or 6; or 2221 to 2720 for 16 digits), become {@value #MASK} and the last four digits. The
 * prefix rule keeps epoch timestamps in milliseconds, microseconds and nanoseconds, which start with 1, from passing
 * for cards. Tried before SSNs and phones, so a card's groups are never read as a phone number. The detector
 * {@link dev.traceguard.api.PiiDetector#CARD}.
 *
 * <p>Reads at most {@value #MAX_LENGTH} characters past the start, but for a plain run of digits, which it reads
 * whole: a run's later digits follow a digit and are never a start. Stateless.
 */
final class Cards implements Detector {
  static final Cards INSTANCE = new Cards();
  static final String MASK = "****-****-****-";
  private static final int MIN_DIGITS = 13;
  /** 19 digits and 4 separators. */
  private static final int MAX_LENGTH = 23;

  private Cards() {}

  @Override
  public boolean mayStartWith(char c) {
    return isDigit(c);
  }

  @Override
  public int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite) {
    if ((before & Chars.NUMBER_BEFORE) != 0 || !Chars.hasDigitsAhead(text, p, MAX_LENGTH, Chars.CARD_RUN, MIN_DIGITS)) {
      return NO_MATCH;
    }
    int end = cardEnd(text, p);
    if (end < 0) {
      return NO_MATCH;
    }
    return isCardNumber(text, p, end) ? Rewrite.replaceKeepingLastDigits(rewrite, p, end, MASK) : p + 1;
  }

  /**
   * Returns the end of a card-shaped number at {@code p}, or -1, trying the shapes in order: 4-4-4-4-1..3,
   * 4-4-4-1..4, 4-6-4..5 (each separator a space, dash or dot, and the number not followed by a separator and a
   * digit), then 13 to 19 plain digits; each followed by the number's end. A group of digits is always a whole run:
   * the number's end rejects a digit after it.
   */
  static int cardEnd(CharSequence text, int p) {
    int first = digitRun(text, p);
    if (first == 4 && isSeparator(text, p + 4)) {
      int i2 = p + 5;
      int second = digitRun(text, i2);
      if (second == 4 && isSeparator(text, i2 + 4)) {
        int i3 = i2 + 5;
        if (digitRun(text, i3) == 4 && isSeparator(text, i3 + 4)) {
          int i4 = i3 + 5;
          int fourth = digitRun(text, i4);
          if (fourth == 4 && isSeparator(text, i4 + 4)) {
            int i5 = i4 + 5;
            int fifth = digitRun(text, i5);
            if (fifth >= 1 && fifth <= 3 && isEnd(text, i5 + fifth)) {
              return i5 + fifth;
            }
          }
          if (fourth >= 1 && fourth <= 4 && isEnd(text, i4 + fourth)) {
            return i4 + fourth;
          }
        }
      }
      if (second == 6 && isSeparator(text, i2 + 6)) {
        int i3 = i2 + 7;
        int third = digitRun(text, i3);
        if (third >= 4 && third <= 5 && isEnd(text, i3 + third)) {
          return i3 + third;
        }
      }
    }
    return first >= MIN_DIGITS && first <= 19 && isNumberEnd(text, p + first) ? p + first : -1;
  }

  private static boolean isEnd(CharSequence text, int end) {
    return isNumberEnd(text, end)
        && !(isSeparator(text, end) && end + 1 < text.length() && isDigit(text.charAt(end + 1)));
  }

  /** A space, dash or dot: what a card's groups are written apart with, one kind or mixed. */
  private static boolean isSeparator(CharSequence text, int i) {
    if (i >= text.length()) {
      return false;
    }
    char c = text.charAt(i);
    return c == ' ' || c == '-' || c == '.';
  }

  /** Luhn, 13 to 19 digits, and a payment network's leading digits (3-6, or 2221-2720 for 16 digits). */
  static boolean isCardNumber(CharSequence text, int start, int end) {
    int count = 0;
    int sum = 0;
    for (int i = end - 1; i >= start; i--) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        continue;
      }
      int d = c - '0';
      if ((count & 1) == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      count++;
    }
    if (count < MIN_DIGITS || count > 19 || sum % 10 != 0) {
      return false;
    }
    int prefix = leadingDigits(text, start, end, 4);
    int first = prefix / 1000;
    if (first >= 3 && first <= 6) {
      return true;
    }
    return first == 2 && count == 16 && prefix >= 2221 && prefix <= 2720;
  }

  private static int leadingDigits(CharSequence text, int start, int end, int n) {
    int value = 0;
    int taken = 0;
    for (int i = start; i < end && taken < n; i++) {
      char c = text.charAt(i);
      if (isDigit(c)) {
        value = value * 10 + (c - '0');
        taken++;
      }
    }
    return value;
  }
}
