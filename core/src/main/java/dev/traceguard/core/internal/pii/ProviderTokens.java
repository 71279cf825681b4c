package dev.traceguard.core.internal.pii;

import dev.traceguard.api.PiiMasker;
import org.jspecify.annotations.Nullable;

/**
 * Credentials recognizable by their own shape, wherever they stand (no key name needed), as their providers
 * publish them: AWS access key ids ({@code AKIA} or {@code ASIA} and 16 upper-case letters or digits), GitHub
 * tokens ({@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_} and 36 letters or digits; {@code
 * github_pat_} and 22 to 255 letters, digits or underscores), Stripe secret and restricted keys ({@code sk_live_},
 * {@code sk_test_}, {@code rk_live_}, {@code rk_test_} and 20 to 255 letters or digits), Slack tokens ({@code
 * xoxb-}, {@code xoxp-}, {@code xoxa-}, {@code xoxo-}, {@code xoxr-}, {@code xoxs-} and 10 to 255 letters, digits
 * or dashes), Google API keys ({@code AIza} and 35 letters, digits, {@code _} or {@code -}), and PEM private-key
 * blocks from {@code -----BEGIN ... PRIVATE KEY-----} to their {@code -----END ...-----} line (or, without one, to
 * the end of the text: failing closed).
 *
 * <p>A token must end where a word does (a longer run is something else, and is left alone). Each test reads at
 * most the token's own length past its start; a PEM block's end is found with one search from its
 * header, and the scan then goes on after the block, so a text is read a bounded number of times whatever it
 * holds. Each token becomes {@link PiiMasker#REDACTED} as a whole. Part of {@link dev.traceguard.api.PiiDetector#SECRET}.
 * Stateless.
 */
final class ProviderTokens implements Detector {
  private static final int UPPER_DIGIT = 1;
  private static final int ALNUM = 2;
  private static final int ALNUM_UNDERSCORE = 3;
  private static final int ALNUM_DASH = 4;
  private static final int BASE64URL = 5;
  private static final int MAX_PEM_LABEL = 40;

  static final ProviderTokens INSTANCE = new ProviderTokens();

  private ProviderTokens() {}

  @Override
  public boolean mayStartWith(char c) {
    return c == 'A' || c == 'g' || c == 's' || c == 'r' || c == 'x' || c == '-';
  }

  @Override
  public int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite) {
    int end = end(text, p);
    return end < 0 ? NO_MATCH : Rewrite.replace(rewrite, p, end, PiiMasker.REDACTED, end);
  }

  /** Returns the end of a provider token or private-key block starting at {@code p}, or -1. */
  static int end(CharSequence text, int p) {
    switch (text.charAt(p)) {
      case 'A':
        if (Chars.startsWith(text, p, "AKIA") || Chars.startsWith(text, p, "ASIA")) {
          return run(text, p + 4, 16, 16, UPPER_DIGIT);
        }
        return Chars.startsWith(text, p, "AIza") ? run(text, p + 4, 35, 35, BASE64URL) : -1;
      case 'g':
        if (Chars.startsWith(text, p, "github_pat_")) {
          return run(text, p + 11, 22, 255, ALNUM_UNDERSCORE);
        }
        if (Chars.startsWith(text, p, "gh") && p + 3 < text.length() && "pousr".indexOf(text.charAt(p + 2)) >= 0
            && text.charAt(p + 3) == '_') {
          return run(text, p + 4, 36, 36, ALNUM);
        }
        return -1;
      case 's':
      case 'r':
        if (Chars.startsWith(text, p + 1, "k_live_") || Chars.startsWith(text, p + 1, "k_test_")) {
          return run(text, p + 8, 20, 255, ALNUM);
        }
        return -1;
      case 'x':
        if (Chars.startsWith(text, p, "xox") && p + 4 < text.length() && "bpaors".indexOf(text.charAt(p + 3)) >= 0
            && text.charAt(p + 4) == '-') {
          return run(text, p + 5, 10, 255, ALNUM_DASH);
        }
        return -1;
      case '-':
        return Chars.startsWith(text, p, "-----BEGIN ") ? privateKeyEnd(text, p + 11) : -1;
      default:
        return -1;
    }
  }

  /** The end of {@code min} to {@code max} characters of {@code kind} from {@code from} ending a word, or -1. */
  private static int run(CharSequence text, int from, int min, int max, int kind) {
    int end = from;
    int limit = Math.min(text.length(), from + max + 1);
    while (end < limit && is(kind, text.charAt(end))) {
      end++;
    }
    int n = end - from;
    if (n < min || n > max) {
      return -1;
    }
    if (end < text.length()) {
      char next = text.charAt(end);
      if (isWordChar(next) || (kind == ALNUM_DASH && next == '-') || (kind == BASE64URL && next == '-')) {
        return -1;
      }
    }
    return end;
  }

  /** After {@code -----BEGIN }: a label ending in {@code PRIVATE KEY-----}, then the block up to its end line. */
  private static int privateKeyEnd(CharSequence text, int label) {
    int i = label;
    int limit = Math.min(text.length(), label + MAX_PEM_LABEL);
    while (i < limit && ((text.charAt(i) >= 'A' && text.charAt(i) <= 'Z') || text.charAt(i) == ' ')) {
      i++;
    }
    if (!Chars.startsWith(text, i, "-----") || i - 11 < label || !Chars.startsWith(text, i - 11, "PRIVATE KEY")) {
      return -1;
    }
    int endLine = Chars.indexOf(text, "-----END ", i + 5);
    if (endLine < 0) {
      return text.length(); // a block cut short: everything after its header may be key material
    }
    int close = Chars.indexOf(text, "-----", endLine + 9);
    return close < 0 ? text.length() : close + 5;
  }

  private static boolean is(int kind, char c) {
    boolean upper = c >= 'A' && c <= 'Z';
    boolean digit = c >= '0' && c <= '9';
    boolean lower = c >= 'a' && c <= 'z';
    switch (kind) {
      case UPPER_DIGIT:
        return upper || digit;
      case ALNUM:
        return upper || digit || lower;
      case ALNUM_UNDERSCORE:
        return upper || digit || lower || c == '_';
      case ALNUM_DASH:
        return upper || digit || lower || c == '-';
      default: // BASE64URL
        return upper || digit || lower || c == '_' || c == '-';
    }
  }

  private static boolean isWordChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }
}
