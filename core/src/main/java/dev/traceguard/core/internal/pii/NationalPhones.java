package dev.traceguard.core.internal.pii;

/**
 * National phone styles the other matchers of {@link Phones} do not know, matched by hand as these
 * expressions would, in this order, each followed by the number's end:
 *
 * <ul>
 *   <li>Brazil: {@code \(\d{2}\) ?9?\d{4}-\d{4}}, as in {@code (11) 91234-5678} and {@code (11) 1234-5678};
 *   <li>Australia: {@code \(0\d\) \d{4} \d{4}} ({@code (02) 9876 5432}) and mobiles {@code 04\d{2} \d{3} \d{3}}
 *       ({@code 0412 345 678});
 *   <li>India, with the trunk prefix: {@code 0[6-9]\d{4} \d{5}} ({@code 098765 43210}). Without it, two groups of
 *       five digits are too common in other data to be taken for a phone; with {@code +91} the international
 *       matcher has them.
 * </ul>
 *
 * <p>Reads at most the number's own length past its start. Stateless.
 */
final class NationalPhones {
  private NationalPhones() {}

  /** Returns where a national number starting at {@code p} ends (before the number's end check), or -1. */
  static int end(CharSequence text, int p) {
    char c = text.charAt(p);
    if (c == '(') {
      int brazil = brazilEnd(text, p);
      return brazil > 0 ? brazil : australiaLandlineEnd(text, p);
    }
    if (c == '0' && p + 1 < text.length()) {
      char second = text.charAt(p + 1);
      if (second == '4') {
        return australiaMobileEnd(text, p);
      }
      if (second >= '6' && second <= '9') {
        return indiaEnd(text, p);
      }
    }
    return -1;
  }

  /** {@code \(\d{2}\) ?9?\d{4}-\d{4}}. */
  private static int brazilEnd(CharSequence text, int p) {
    if (!digits(text, p + 1, 2) || !isAt(text, p + 3, ')')) {
      return -1;
    }
    int q = p + 4;
    if (isAt(text, q, ' ')) {
      q++;
    }
    int run = run(text, q);
    boolean fits = run == 4 || (run == 5 && text.charAt(q) == '9');
    int dash = q + run;
    return fits && isAt(text, dash, '-') && run(text, dash + 1) == 4 ? dash + 5 : -1;
  }

  /** {@code \(0\d\) \d{4} \d{4}}. */
  private static int australiaLandlineEnd(CharSequence text, int p) {
    if (!isAt(text, p + 1, '0') || !digits(text, p + 2, 1) || !isAt(text, p + 3, ')') || !isAt(text, p + 4, ' ')) {
      return -1;
    }
    return groups(text, p + 5, 4, 4);
  }

  /** {@code 04\d{2} \d{3} \d{3}}. */
  private static int australiaMobileEnd(CharSequence text, int p) {
    if (run(text, p) != 4 || !isAt(text, p + 4, ' ')) {
      return -1;
    }
    return groups(text, p + 5, 3, 3);
  }

  /** {@code 0[6-9]\d{4} \d{5}}. */
  private static int indiaEnd(CharSequence text, int p) {
    if (run(text, p) != 6 || !isAt(text, p + 6, ' ') || run(text, p + 7) != 5) {
      return -1;
    }
    return p + 12;
  }

  /** {@code first} digits, a space, {@code second} digits, as whole runs; the end or -1. */
  private static int groups(CharSequence text, int q, int first, int second) {
    if (run(text, q) != first || !isAt(text, q + first, ' ') || run(text, q + first + 1) != second) {
      return -1;
    }
    return q + first + 1 + second;
  }

  private static boolean digits(CharSequence text, int from, int count) {
    return from + count <= text.length() && run(text, from) >= count;
  }

  private static int run(CharSequence text, int i) {
    int end = i;
    while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
      end++;
    }
    return end - i;
  }

  private static boolean isAt(CharSequence text, int i, char c) {
    return i < text.length() && text.charAt(i) == c;
  }
}
