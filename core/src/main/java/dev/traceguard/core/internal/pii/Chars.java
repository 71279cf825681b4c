package dev.traceguard.core.internal.pii;

/**
 * Character classes and reading helpers shared by the detectors. Classes are ASCII only, like a regular expression's
 * {@code \w} and {@code \d}: a letter of another script next to a number or an address is a boundary ({@code
 * 電話+81 3-1234-5678}, {@code alice@example.com입니다}).
 *
 * <p>Every helper reads through {@link CharSequence#charAt}, so that a test can count what a scan reads; none
 * allocates.
 */
final class Chars {
  static final int WORD = 1; // [A-Za-z0-9_]
  static final int DASH = 1 << 1;
  static final int DOT = 1 << 2;
  static final int PLUS = 1 << 3;
  static final int SLASH = 1 << 4;
  static final int AT = 1 << 5;
  static final int PERCENT = 1 << 6;
  static final int DIGIT = 1 << 7;
  static final int KEY_START = 1 << 8; // [A-Za-z_]
  static final int OPEN = 1 << 9; // (
  static final int PHONE_RUN = 1 << 10; // digits and what separates a phone's groups
  static final int CARD_RUN = 1 << 11; // digits, space, dash and dot

  /** No match starts right after these: a word character or a dash. */
  static final int IN_RUN = WORD | DASH;
  /** A number does not start after these. */
  static final int NUMBER_BEFORE = WORD | DOT | DASH | PLUS | SLASH | AT;
  /** What a number starts with: a digit, {@code +} or {@code (}. */
  static final int NUMBER_START = DIGIT | PLUS | OPEN;
  /** What an e-mail local part is made of, in ASCII. */
  static final int LOCAL = WORD | DOT | PERCENT | PLUS | DASH;

  private static final int[] CLASSES = classes();

  private Chars() {}

  private static int[] classes() {
    int[] classes = new int[128];
    for (char c = '0'; c <= '9'; c++) {
      classes[c] = WORD | DIGIT | PHONE_RUN | CARD_RUN;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      classes[c] = WORD | KEY_START;
      classes[c - 'a' + 'A'] = WORD | KEY_START;
    }
    classes['_'] = WORD | KEY_START;
    classes['-'] = DASH | PHONE_RUN | CARD_RUN;
    classes[' '] = PHONE_RUN | CARD_RUN;
    classes['.'] = DOT | PHONE_RUN | CARD_RUN;
    classes['+'] = PLUS | PHONE_RUN;
    classes['/'] = SLASH | PHONE_RUN;
    classes['('] = OPEN | PHONE_RUN;
    classes[')'] = PHONE_RUN;
    classes['@'] = AT;
    classes['%'] = PERCENT;
    return classes;
  }

  /** The class bits of {@code c}; 0 for every character outside ASCII. */
  static int classOf(char c) {
    return c < 128 ? CLASSES[c] : 0;
  }

  /**
   * Whether {@code c} may be in an e-mail address's local part: {@code [\w.%+-]}, or a letter or digit of another
   * script (internationalized addresses, RFC 6531).
   */
  static boolean isLocalChar(char c) {
    return c < 128 ? (CLASSES[c] & LOCAL) != 0 : Character.isLetterOrDigit(c);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  static boolean isAt(CharSequence text, int i, char c) {
    return i >= 0 && i < text.length() && text.charAt(i) == c;
  }

  /** Returns the index after the blanks from {@code i}, at most {@code most} of them. */
  static int skipBlanks(CharSequence text, int i, int most) {
    int end = i;
    while (end < text.length() && end - i < most && isBlank(text.charAt(end))) {
      end++;
    }
    return end;
  }

  /** The number of digits in a row from {@code i}. */
  static int digitRun(CharSequence text, int i) {
    int end = i;
    while (end < text.length() && isDigit(text.charAt(end))) {
      end++;
    }
    return end - i;
  }

  /** Whether {@code n} digits are at {@code from}. */
  static boolean areDigits(CharSequence text, int from, int n) {
    if (from + n > text.length()) {
      return false;
    }
    for (int i = from; i < from + n; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether at least {@code wanted} digits follow {@code p} before the first character outside {@code run}, looking
   * at most {@code n} characters; stops reading once it has them.
   */
  static boolean hasDigitsAhead(CharSequence text, int p, int n, int run, int wanted) {
    int end = Math.min(text.length(), p + n);
    int digits = 0;
    for (int i = p; i < end; i++) {
      int c = classOf(text.charAt(i));
      if ((c & run) == 0) {
        return false;
      }
      if ((c & DIGIT) != 0 && ++digits >= wanted) {
        return true;
      }
    }
    return false;
  }

  /** Whether a number may end before {@code i}: no word character or {@code @}, nor a separator and a digit. */
  static boolean isNumberEnd(CharSequence text, int i) {
    if (i >= text.length()) {
      return true;
    }
    int c = classOf(text.charAt(i));
    if ((c & (WORD | AT)) != 0) {
      return false;
    }
    return (c & (DOT | DASH | SLASH | PLUS)) == 0 || i + 1 >= text.length() || !isDigit(text.charAt(i + 1));
  }

  /** Whether {@code s} is at {@code i}, exactly. */
  static boolean startsWith(CharSequence text, int i, String s) {
    int n = s.length();
    if (i < 0 || i + n > text.length()) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if (text.charAt(i + k) != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code word} (lower-case ASCII) is at {@code i}, ignoring ASCII case only, as a regular expression's
   * {@code (?i)} does: {@link String#regionMatches(boolean, int, String, int, int)} would also take the dotless
   * {@code ı} for {@code i}.
   */
  static boolean isWordAt(CharSequence text, int i, String word) {
    int n = word.length();
    if (i < 0 || i + n > text.length()) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      char c = text.charAt(i + k);
      if ((c < 'A' || c > 'Z' ? c : (char) (c | 0x20)) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code word} (lower-case ASCII, case ignored) and a space or tab are at {@code i}. */
  static boolean isWordThenBlank(CharSequence text, int i, String word) {
    int n = word.length();
    return i + n < text.length() && isBlank(text.charAt(i + n)) && isWordAt(text, i, word);
  }

  /** The index of {@code c} at or after {@code from}, or -1. */
  static int indexOf(CharSequence text, char c, int from) {
    for (int i = Math.max(from, 0); i < text.length(); i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** The index of {@code s} at or after {@code from}, or -1; reads each character at most {@code s.length()} times. */
  static int indexOf(CharSequence text, String s, int from) {
    char first = s.charAt(0);
    int last = text.length() - s.length();
    for (int i = Math.max(from, 0); i <= last; i++) {
      if (text.charAt(i) == first && startsWith(text, i, s)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the next line break at or after {@code from}, or the text's length. */
  static int lineEnd(CharSequence text, int from) {
    int length = text.length();
    for (int i = from; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return length;
  }
}
