package dev.traceguard.core.internal.pii;

import static dev.traceguard.core.internal.pii.Chars.classOf;

import dev.traceguard.api.PiiMasker;
import org.jspecify.annotations.Nullable;

/**
 * The credential after {@code Bearer} or {@code Basic} (ASCII case ignored) and blanks becomes {@link
 * PiiMasker#REDACTED}: {@code Bearer [REDACTED]}. A free-standing {@code Bearer x} counts when {@code x} holds a
 * character other than a letter or is at least 20 letters long, so prose such as "bearer token" is left alone; a
 * free-standing {@code Basic x} counts when {@code x} decodes as base64 to a text holding {@code :}, so "basic usage"
 * is left alone. Part of {@link dev.traceguard.api.PiiDetector#SECRET}.
 *
 * <p>Reads the scheme word, the blanks after it and the credential's run. A rejected credential is letters only
 * and shorter than 20 (bearer), or was read by no other start (the run after one scheme word's blanks). Stateless.
 */
final class Credentials implements Detector {
  static final Credentials INSTANCE = new Credentials();
  private static final int MAX_BASIC = 4096;

  private Credentials() {}

  @Override
  public boolean mayStartWith(char c) {
    return (c | 0x20) == 'b';
  }

  @Override
  public int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite) {
    if (Chars.isWordThenBlank(text, p, "bearer")) {
      int tokenStart = Chars.skipBlanks(text, p + 6, Integer.MAX_VALUE);
      int end = credentialEnd(text, tokenStart, false);
      if (end > tokenStart) {
        return isBearerToken(text, tokenStart, end)
            ? Rewrite.replace(rewrite, tokenStart, end, PiiMasker.REDACTED, end)
            : p + 1;
      }
    } else if (Chars.isWordThenBlank(text, p, "basic")) {
      int credStart = Chars.skipBlanks(text, p + 5, Integer.MAX_VALUE);
      int end = credentialEnd(text, credStart, true);
      if (end > credStart && (end == text.length() || (classOf(text.charAt(end)) & Chars.IN_RUN) == 0)) {
        return isBasicCredential(text, credStart, end)
            ? Rewrite.replace(rewrite, credStart, end, PiiMasker.REDACTED, end)
            : p + 1;
      }
    }
    return NO_MATCH;
  }

  /**
   * Returns the end of a credential at {@code i}, or {@code i} when there is none: its characters, then any
   * {@code =} padding. A bearer token's characters are {@code [\w.~+/-]}, a basic credential's {@code
   * [A-Za-z0-9+/]}; neither gives any back, like the possessive expressions they replace.
   */
  private static int credentialEnd(CharSequence text, int i, boolean basic) {
    int length = text.length();
    int end = i;
    while (end < length && isCredentialChar(text.charAt(end), basic)) {
      end++;
    }
    if (end == i) {
      return i;
    }
    while (end < length && text.charAt(end) == '=') {
      end++;
    }
    return end;
  }

  private static boolean isCredentialChar(char c, boolean basic) {
    int cls = classOf(c);
    if (basic) {
      return ((cls & Chars.WORD) != 0 && c != '_') || c == '+' || c == '/';
    }
    return (cls & (Chars.WORD | Chars.DASH | Chars.DOT | Chars.PLUS | Chars.SLASH)) != 0 || c == '~';
  }

  /** A free-standing bearer credential holds a character other than a letter, or is long: not "bearer token". */
  private static boolean isBearerToken(CharSequence text, int start, int end) {
    if (end - start >= 20) {
      return true;
    }
    for (int i = start; i < end; i++) {
      if (!Chars.isAsciiLetter(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A free-standing basic credential is base64 for {@code user:password}: "basic usage" is not one. Decodes by
   * hand, allocating nothing, and accepts what {@link java.util.Base64#getDecoder()} accepts of a run of base64
   * characters and padding: a multiple of 4, padded with at most two {@code =} only where a group is cut short.
   */
  static boolean isBasicCredential(CharSequence text, int start, int end) {
    int n = end - start;
    if (n < 4 || n % 4 != 0 || n > MAX_BASIC) {
      return false;
    }
    int data = end;
    while (data > start && text.charAt(data - 1) == '=') {
      data--;
    }
    int padding = end - data;
    if (padding > 2 || (padding == 2 && (data - start) % 4 != 2) || (padding == 1 && (data - start) % 4 != 3)) {
      return false;
    }
    int bits = 0;
    int count = 0;
    for (int i = start; i < data; i++) {
      int value = base64Value(text.charAt(i));
      if (value < 0) {
        return false;
      }
      bits = bits << 6 | value;
      if (++count % 4 == 0) {
        if (((bits >> 16) & 0xff) == ':' || ((bits >> 8) & 0xff) == ':' || (bits & 0xff) == ':') {
          return true;
        }
        bits = 0;
      }
    }
    int left = count % 4; // 2 or 3 characters: one or two bytes, the leftover bits ignored as the decoder does
    if (left == 2) {
      return ((bits >> 4) & 0xff) == ':';
    }
    return left == 3 && (((bits >> 10) & 0xff) == ':' || ((bits >> 2) & 0xff) == ':');
  }

  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  }
}
