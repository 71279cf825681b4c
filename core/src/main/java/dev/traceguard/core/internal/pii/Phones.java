package dev.traceguard.core.internal.pii;

import static dev.traceguard.core.internal.pii.Chars.areDigits;
import static dev.traceguard.core.internal.pii.Chars.digitRun;
import static dev.traceguard.core.internal.pii.Chars.isAt;
import static dev.traceguard.core.internal.pii.Chars.isDigit;
import static dev.traceguard.core.internal.pii.Chars.isNumberEnd;

import org.jspecify.annotations.Nullable;

/**
 * Phone numbers: international ({@code +}, a country code, then groups separated by space, dot or dash, one group
 * possibly in parentheses; 9 to 15 digits in all) and the national styles of North America ({@code (415)
 * 555-0132}, {@code 415.555.0132}, {@code 1-800-555-0199}), Korea and Japan ({@code 010-1234-5678}, {@code
 * 03-1234-5678}), the United Kingdom and Germany ({@code 020 7946 0958}, {@code 07700 900123}, {@code 030 901820}),
 * France ({@code 01 42 68 53 00}) and those of {@link NationalPhones}, become {@value #MASK} and the last four
 * digits. A national number needs its separators: a plain run of digits is never a phone. The detector {@link
 * dev.traceguard.api.PiiDetector#PHONE}.
 *
 * <p>A phone-shaped run of fewer than {@value #MIN_DIGITS} digits is a rejected candidate, which keeps the e-mail
 * detector from masking there, only when the scanner says so ({@link PiiScanner#SHORT_PHONES}: an address may start
 * here and the text holds a run of at least {@value #MIN_DIGITS} digits); otherwise it is no candidate at all.
 *
 * <p>Reads at most {@value #MAX_LENGTH} characters past the start, but for a run of digits, which it reads whole: a
 * run's later digits follow a digit and are never a start. Stateless.
 */
final class Phones implements Detector {
  static final Phones INSTANCE = new Phones();
  static final String MASK = "***-***-";
  /** The fewest digits in a phone number, and in a run that makes short phone shapes count: {@value}. */
  static final int MIN_DIGITS = 9;
  private static final int MAX_DIGITS = 15;
  /** The longest a match can be: the international alternative's. */
  private static final int MAX_LENGTH = 53;

  private Phones() {}

  @Override
  public boolean mayStartWith(char c) {
    return (Chars.classOf(c) & Chars.NUMBER_START) != 0;
  }

  @Override
  public int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite) {
    if ((before & Chars.NUMBER_BEFORE) != 0 || ((hints & PiiScanner.SHORT_PHONES) == 0
        && !Chars.hasDigitsAhead(text, p, MAX_LENGTH, Chars.PHONE_RUN, MIN_DIGITS))) {
      return NO_MATCH;
    }
    int matchEnd = matchEnd(text, p);
    if (matchEnd < 0) {
      return NO_MATCH;
    }
    int end = phoneEnd(text, p, matchEnd);
    return end < 0 ? p + 1 : Rewrite.replaceKeepingLastDigits(rewrite, p, end, MASK);
  }

  /**
   * Whether {@code text} holds a run of at least {@value #MIN_DIGITS} digits, separators ({@code .-()+/} and space)
   * between them allowed.
   */
  static boolean holdsNumberRun(CharSequence text) {
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      int c = Chars.classOf(text.charAt(i));
      if ((c & Chars.DIGIT) != 0) {
        if (++digits >= MIN_DIGITS) {
          return true;
        }
      } else if ((c & Chars.PHONE_RUN) == 0) {
        digits = 0;
      }
    }
    return false;
  }

  /**
   * Returns where the phone expression's match at {@code p} ends, or -1, matching its alternatives by hand in their
   * order: international (at {@code +}), North American, then the trunk-prefixed styles (at {@code 0}): three
   * groups, two groups, French pairs; then the styles of {@link NationalPhones}. Every group of digits is a whole
   * run, as in the expression, where a digit given back would stand before a separator or the number's end,
   * neither of which takes a digit.
   */
  static int matchEnd(CharSequence text, int p) {
    char c = text.charAt(p);
    if (c == '+') {
      return internationalEnd(text, p);
    }
    int end = northAmericaEnd(text, p);
    if (end < 0 && c == '0') {
      end = trunkEnd(text, p);
    }
    if (end < 0) {
      int national = NationalPhones.end(text, p);
      end = national > 0 && isNumberEnd(text, national) ? national : -1;
    }
    return end;
  }

  /**
   * Matches {@code \+[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\)[ .-]?\d{1,6}|[ .-]\d{1,6})(?:[ .-]\d{1,6}){0,5}}, then
   * {@code \+[1-9]\d{8,14}}, each followed by the number's end, at {@code p}; returns the end or -1. Of the groups,
   * as many are taken as allow the number's end after them.
   */
  private static int internationalEnd(CharSequence text, int p) {
    int length = text.length();
    int codeStart = p + 1;
    if (codeStart >= length || text.charAt(codeStart) < '1' || text.charAt(codeStart) > '9') {
      return -1;
    }
    int codeEnd = codeStart + digitRun(text, codeStart);
    if (codeEnd - codeStart <= 3) {
      int head = -1;
      int open = isAt(text, codeEnd, '(') ? codeEnd : codeEnd + 1;
      if (isAt(text, open, '(') && (open == codeEnd || isSeparator(text.charAt(codeEnd)))) {
        int inner = digitRun(text, open + 1);
        int close = open + 1 + inner;
        if (inner >= 1 && inner <= 4 && isAt(text, close, ')')) {
          int g = close + 1 < length && isSeparator(text.charAt(close + 1)) ? close + 2 : close + 1;
          head = groupEnd(text, g);
        }
      } else if (codeEnd < length && isSeparator(text.charAt(codeEnd))) {
        head = groupEnd(text, codeEnd + 1);
      }
      if (head > 0) {
        int end = isNumberEnd(text, head) ? head : -1;
        int q = head;
        for (int groups = 0; groups < 5 && q < length && isSeparator(text.charAt(q)); groups++) {
          q = groupEnd(text, q + 1);
          if (q < 0) {
            break;
          }
          if (isNumberEnd(text, q)) {
            end = q;
          }
        }
        if (end > 0) {
          return end;
        }
      }
    }
    int digits = codeEnd - codeStart;
    return digits >= 9 && digits <= 15 && isNumberEnd(text, codeEnd) ? codeEnd : -1;
  }

  /** Returns the end of a run of 1 to 6 digits at {@code i}, or -1. */
  private static int groupEnd(CharSequence text, int i) {
    int n = digitRun(text, i);
    return n >= 1 && n <= 6 ? i + n : -1;
  }

  /**
   * Matches {@code 0\d{1,4}([ -])\d{3,4}\1\d{4}}, then {@code 0[1-9]\d{1,3}[ -/]\d{5,8}}, then {@code
   * 0[1-9]([ .])\d{2}\2\d{2}\2\d{2}\2\d{2}}, each followed by the number's end, at {@code p}; returns the end
   * or -1.
   */
  private static int trunkEnd(CharSequence text, int p) {
    int length = text.length();
    int first = digitRun(text, p);
    int i = p + first;
    char sep = i < length ? text.charAt(i) : 0;
    if (first >= 2 && first <= 5 && (sep == ' ' || sep == '-')) {
      int second = digitRun(text, i + 1);
      int j = i + 1 + second;
      if (second >= 3 && second <= 4 && isAt(text, j, sep) && digitRun(text, j + 1) == 4
          && isNumberEnd(text, j + 5)) {
        return j + 5;
      }
    }
    boolean trunk = first >= 2 && text.charAt(p + 1) != '0';
    if (trunk && first <= 5 && first >= 3 && (sep == ' ' || sep == '-' || sep == '/')) {
      int second = digitRun(text, i + 1);
      if (second >= 5 && second <= 8 && isNumberEnd(text, i + 1 + second)) {
        return i + 1 + second;
      }
    }
    if (trunk && first == 2 && (sep == ' ' || sep == '.')) {
      int q = i;
      for (int pair = 0; pair < 4; pair++) {
        if (!isAt(text, q, sep) || digitRun(text, q + 1) != 2) {
          return -1;
        }
        q += 3;
      }
      return isNumberEnd(text, q) ? q : -1;
    }
    return -1;
  }

  /**
   * Matches {@code (?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}} and the number's end at {@code p}, as the
   * expression would, trying the leading 1 first; returns the match's end or -1.
   */
  static int northAmericaEnd(CharSequence text, int p) {
    if (text.charAt(p) == '1' && p + 1 < text.length() && isSeparator(text.charAt(p + 1))) {
      int end = northAmericaBodyEnd(text, p + 2);
      if (end > 0) {
        return end;
      }
    }
    return northAmericaBodyEnd(text, p);
  }

  private static int northAmericaBodyEnd(CharSequence text, int i) {
    int length = text.length();
    int j;
    if (i < length && text.charAt(i) == '(') {
      if (!areDigits(text, i + 1, 3) || i + 4 >= length || text.charAt(i + 4) != ')') {
        return -1;
      }
      j = i + 5 < length && text.charAt(i + 5) == ' ' ? i + 6 : i + 5;
    } else {
      if (!areDigits(text, i, 3) || i + 3 >= length || !isSeparator(text.charAt(i + 3))) {
        return -1;
      }
      j = i + 4;
    }
    if (!areDigits(text, j, 3) || j + 3 >= length || !isSeparator(text.charAt(j + 3))
        || !areDigits(text, j + 4, 4)) {
      return -1;
    }
    int end = j + 8;
    return isNumberEnd(text, end) ? end : -1;
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '.' || c == '-';
  }

  /**
   * Returns where a phone match really ends, or -1 if it is no phone: fewer than {@value #MIN_DIGITS} digits. An
   * international match of more than 15 digits (E.164's most) is cut after the last whole group that keeps it
   * within 15, so a number followed by other numbers is still masked.
   */
  private static int phoneEnd(CharSequence text, int start, int end) {
    int digits = 0;
    int cut = -1;
    for (int i = start; i < end; i++) {
      if (isDigit(text.charAt(i))) {
        digits++;
        boolean groupEnds = i + 1 == end || !isDigit(text.charAt(i + 1));
        if (groupEnds && digits <= MAX_DIGITS) {
          cut = i + 1;
        }
      }
    }
    if (digits <= MAX_DIGITS) {
      return digits >= MIN_DIGITS ? end : -1;
    }
    return cut > 0 && countDigits(text, start, cut) >= MIN_DIGITS ? cut : -1;
  }

  private static int countDigits(CharSequence text, int start, int end) {
    int digits = 0;
    for (int i = start; i < end; i++) {
      if (isDigit(text.charAt(i))) {
        digits++;
      }
    }
    return digits;
  }
}
