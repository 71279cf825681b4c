package dev.traceguard.core.internal.pii;

import org.jspecify.annotations.Nullable;

/**
 * International bank account numbers (ISO 13616): two upper-case letters, two check digits, then 11 to 30 upper-case
 * letters and digits, written without spaces or in groups of four separated by single spaces (the last group one to
 * four long), 15 to 34 characters in all, ending where a word does, and passing the mod-97 check (the number read
 * from the account part, then the country and check digits, letters counting 10 to 35, leaves 1). The check keeps
 * look-alikes (product codes, references) from being masked: a random string passes it once in 97.
 *
 * <p>Reads at most 34 characters and their separators past the start. Masked as the country code, then {@code *}
 * for every character but the last four, spaces kept: {@code DE44 5001 0517 5407 3249 31} becomes {@code DE** ****
 * **** **** **49 31}. The detector {@link dev.traceguard.api.PiiDetector#IBAN}. Stateless.
 */
final class Ibans implements Detector {
  private static final int MIN_LENGTH = 15;
  private static final int MAX_LENGTH = 34;

  static final Ibans INSTANCE = new Ibans();

  private Ibans() {}

  @Override
  public boolean mayStartWith(char c) {
    return isUpper(c);
  }

  @Override
  public int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite) {
    int end = end(text, p);
    if (end < 0) {
      return NO_MATCH;
    }
    return Rewrite.replace(rewrite, p, end, rewrite == null ? "" : mask(text, p, end), end);
  }

  /** Whether an IBAN may start at {@code p}: two upper-case letters and two digits. */
  static boolean mayStartAt(CharSequence text, int p) {
    return p + 3 < text.length() && isUpper(text.charAt(p)) && isUpper(text.charAt(p + 1))
        && isDigit(text.charAt(p + 2)) && isDigit(text.charAt(p + 3));
  }

  /** Returns the end of a valid IBAN starting at {@code p}, or -1. */
  static int end(CharSequence text, int p) {
    if (!mayStartAt(text, p)) {
      return -1;
    }
    int spaced = spacedEnd(text, p);
    int end = spaced > 0 ? spaced : plainEnd(text, p);
    return end > 0 && checksumHolds(text, p, end) ? end : -1;
  }

  /** {@code text[p, end)} masked: the country code, then stars but for the last four characters, spaces kept. */
  static String mask(CharSequence text, int p, int end) {
    int characters = 0;
    for (int i = p; i < end; i++) {
      if (text.charAt(i) != ' ') {
        characters++;
      }
    }
    StringBuilder masked = new StringBuilder(end - p);
    int seen = 0;
    for (int i = p; i < end; i++) {
      char c = text.charAt(i);
      if (c == ' ') {
        masked.append(' ');
        continue;
      }
      masked.append(seen < 2 || seen >= characters - 4 ? c : '*');
      seen++;
    }
    return masked.toString();
  }

  private static int plainEnd(CharSequence text, int p) {
    int end = p + 4;
    int limit = Math.min(text.length(), p + MAX_LENGTH + 1);
    while (end < limit && isAlnumUpper(text.charAt(end))) {
      end++;
    }
    int length = end - p;
    return length >= MIN_LENGTH && length <= MAX_LENGTH && isWordEnd(text, end) ? end : -1;
  }

  /** Groups of four after the first four, single spaces between, the last one to four long. */
  private static int spacedEnd(CharSequence text, int p) {
    int i = p + 4;
    int characters = 4;
    int end = -1;
    while (i < text.length() && text.charAt(i) == ' ' && characters < MAX_LENGTH) {
      int group = i + 1;
      int n = 0;
      while (group + n < text.length() && n < 4 && isAlnumUpper(text.charAt(group + n))) {
        n++;
      }
      if (n == 0) {
        break;
      }
      characters += n;
      i = group + n;
      if (n < 4) {
        end = isWordEnd(text, i) ? i : -1;
        break;
      }
      end = isWordEnd(text, i) ? i : -1;
    }
    return end > 0 && characters >= MIN_LENGTH && characters <= MAX_LENGTH ? end : -1;
  }

  /** Mod 97 of the account part, then the country and check digits, letters as 10 to 35, computed digit by digit. */
  private static boolean checksumHolds(CharSequence text, int p, int end) {
    int remainder = 0;
    for (int pass = 0; pass < 2; pass++) {
      int from = pass == 0 ? p + 4 : p;
      int to = pass == 0 ? end : p + 4;
      for (int i = from; i < to; i++) {
        char c = text.charAt(i);
        if (c == ' ') {
          continue;
        }
        if (isDigit(c)) {
          remainder = (remainder * 10 + (c - '0')) % 97;
        } else {
          remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        }
      }
    }
    return remainder == 1;
  }

  private static boolean isWordEnd(CharSequence text, int i) {
    if (i >= text.length()) {
      return true;
    }
    char c = text.charAt(i);
    return !(isAlnumUpper(c) || (c >= 'a' && c <= 'z') || c == '_');
  }

  private static boolean isAlnumUpper(char c) {
    return isUpper(c) || isDigit(c);
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
