package dev.traceguard.core.internal.pii;

import static dev.traceguard.core.internal.pii.Chars.isDigit;

import org.jspecify.annotations.Nullable;

/**
 * E-mail addresses: {@code local@domain}, the domain with a top-level domain of letters; {@code %40} counts as
 * {@code @}; letters and digits of any script in the local part and the domain, as internationalized addresses have
 * them, punycode as it is. Masked as the first character of the local part, {@value #MASK}, the separator and the
 * whole domain: {@code a***@example.com}, {@code 用***@例子.广告}. Tried last: numbers refuse to touch {@code @}, so
 * digits in a local part are left to this detector. The detector {@link dev.traceguard.api.PiiDetector#EMAIL}.
 *
 * <p>Tried only where the scanner found an {@code @} or {@code %40} within {@value #MAX_LOCAL_PART} local-part
 * characters ({@link PiiScanner#EMAIL_AHEAD}), at the start of a run of local-part characters; each separator is
 * therefore reached from one start only, and the domain after it is read from that separator once per start.
 * Stateless.
 */
final class Emails implements Detector {
  static final Emails INSTANCE = new Emails();
  static final String MASK = "***";
  static final int MAX_LOCAL_PART = 64;

  private Emails() {}

  @Override
  public boolean mayStartWith(char c) {
    return Chars.isLocalChar(c);
  }

  @Override
  public int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite) {
    if ((hints & PiiScanner.EMAIL_AHEAD) == 0) {
      return NO_MATCH;
    }
    long match = emailAt(text, p);
    return match < 0 ? NO_MATCH : Rewrite.replace(rewrite, p + 1, (int) (match >>> 32), MASK, (int) match);
  }

  /** Whether 1 to {@value #MAX_LOCAL_PART} local-part characters from {@code p} reach an {@code @} or {@code %40}. */
  static boolean isLocalPartAt(CharSequence text, int p) {
    int end = Math.min(text.length(), p + MAX_LOCAL_PART + 1);
    for (int i = p + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c == '@' || (c == '%' && Chars.startsWith(text, i + 1, "40"))) {
        return true;
      }
      if (!Chars.isLocalChar(c)) {
        return false;
      }
    }
    return false;
  }

  /**
   * Matches an e-mail address at {@code p} by hand, as the expression {@code [\w.%+-]{1,64}(?:@|%40)} then {@code
   * (?:label\.)+[A-Za-z]{2,63}} (a label: 1 to 63 letters, digits and dashes, not starting or ending with a dash)
   * then neither a letter, digit, dash, {@code @} nor {@code %40} would, backtracking included: the longest local
   * part first, and for each the most labels first. Returns {@code localEnd << 32 | end}, or -1.
   */
  static long emailAt(CharSequence text, int p) {
    int length = text.length();
    int runEnd = p;
    while (runEnd < length && runEnd - p < MAX_LOCAL_PART && Chars.isLocalChar(text.charAt(runEnd))) {
      runEnd++;
    }
    for (int k = runEnd; k > p; k--) {
      int domain;
      if (k < length && text.charAt(k) == '@') {
        domain = k + 1;
      } else if (Chars.startsWith(text, k, "%40")) {
        domain = k + 3;
      } else {
        continue;
      }
      int end = domainEnd(text, domain);
      if (end > 0) {
        return ((long) k << 32) | end;
      }
    }
    return -1;
  }

  /** Returns the end of a domain (labels, dots and a top-level domain) starting at {@code d}, or -1. */
  private static int domainEnd(CharSequence text, int d) {
    int length = text.length();
    // The labels, each followed by a dot, as many as there are; then the top-level domain after as many of them
    // as lets it match, from the most down to one.
    int count = 0;
    int q = d;
    while (true) {
      int end = q;
      while (end < length && isLabelChar(text.charAt(end))) {
        end++;
      }
      int n = end - q;
      if (end >= length || text.charAt(end) != '.' || n == 0 || n > 63 || text.charAt(q) == '-'
          || text.charAt(end - 1) == '-') {
        break;
      }
      count++;
      q = end + 1;
    }
    for (int labels = count; labels > 0; labels--) {
      int tldEnd = topLevelDomainEnd(text, q);
      if (tldEnd > 0) {
        return tldEnd;
      }
      q = labelStart(text, d, q - 1); // give back the last label: its dot is at q - 1
    }
    return -1;
  }

  private static int labelStart(CharSequence text, int domainStart, int dot) {
    int i = dot;
    while (i > domainStart && isLabelChar(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /** Returns the end of 2 to 63 letters at {@code q} followed by no letter, digit, dash, {@code @} or {@code %40}. */
  private static int topLevelDomainEnd(CharSequence text, int q) {
    int length = text.length();
    int end = q;
    while (end < length && isDomainLetter(text.charAt(end))) {
      end++;
    }
    int n = end - q;
    if (n < 2 || n > 63) {
      return -1;
    }
    if (end < length) {
      char c = text.charAt(end);
      if (isDigit(c) || c == '-' || c == '@' || Chars.startsWith(text, end, "%40")) {
        return -1;
      }
    }
    return end;
  }

  private static boolean isLabelChar(char c) {
    return Chars.isAsciiLetter(c) || isDigit(c) || c == '-' || (c >= 128 && Character.isLetterOrDigit(c));
  }

  /** A top-level domain's letters: ASCII, or of another script ({@code .рф}, {@code .广告}: IDN in Unicode). */
  private static boolean isDomainLetter(char c) {
    return Chars.isAsciiLetter(c) || (c >= 128 && Character.isLetter(c));
  }
}
