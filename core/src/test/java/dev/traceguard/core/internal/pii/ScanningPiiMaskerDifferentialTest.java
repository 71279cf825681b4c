package dev.traceguard.core.internal.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written matchers of {@link ScanningPiiMasker} against the regular expressions they replaced, kept here
 * verbatim: on random texts made of the characters and pieces each expression looks at, both must agree at every
 * position where the masker would run them. Each test seeds its own {@link Random}, so a failure replays exactly.
 */
class ScanningPiiMaskerDifferentialTest {
  private static final long SEED = 0x44696666L;
  private static final int TEXTS = 30_000;

  private static final String SEP_VALUE_STOP = "\\s&;,\"'<>()\\[\\]{}#";

  /** The key-value expression. Groups: 1 the scheme word, 2 an opening quote, 3 an unquoted value. */
  private static final Pattern KV = Pattern.compile("[A-Za-z_][\\w.\\-]*+"
      + "(?:\\\\?[\"']|\\])?[ \\t]{0,3}[:=][ \\t]{0,3}"
      + "(?:((?i:bearer|basic|digest|negotiate))[ \\t]++)?"
      + "(?:(\\\\?[\"'])|(\\[REDACTED\\]|[^" + SEP_VALUE_STOP + "]++))");

  private static final String NUMBER_END = "(?![\\w@]|[.\\-/+]\\d)";

  /** The phone expression. */
  private static final Pattern PHONE = Pattern.compile("(?:"
      + "\\+[1-9]\\d{0,2}(?:[ .\\-]?\\(\\d{1,4}\\)[ .\\-]?\\d{1,6}|[ .\\-]\\d{1,6})(?:[ .\\-]\\d{1,6}){0,5}"
      + "|\\+[1-9]\\d{8,14}"
      + "|(?:1[ .\\-])?(?:\\(\\d{3}\\) ?|\\d{3}[ .\\-])\\d{3}[ .\\-]\\d{4}"
      + "|0\\d{1,4}([ \\-])\\d{3,4}\\1\\d{4}"
      + "|0[1-9]\\d{1,3}[ \\-/]\\d{5,8}"
      + "|0[1-9]([ .])\\d{2}\\2\\d{2}\\2\\d{2}\\2\\d{2}"
      + "|\\(\\d{2}\\) ?9?\\d{4}-\\d{4}"
      + "|\\(0\\d\\) \\d{4} \\d{4}"
      + "|04\\d{2} \\d{3} \\d{3}"
      + "|0[6-9]\\d{4} \\d{5}"
      + ")" + NUMBER_END);

  private static final List<String> KV_PIECES = List.of(
      "password", "token", "x.api_key", "user[password]", "Authorization", "a", "_k", "-", ".", "\\", "\\\"", "\"",
      "'", "]", " ", "  ", "   ", "    ", "\t", ":", "=", ": ", "= ", "Bearer", "bearer ", "BASIC ", "Digest ",
      "negotiate\t", "bearer", "[REDACTED]", "[REDACTED", "abc", "x1", "null", "&", ";", ",", "#", "(", ")", "{",
      "<", "\n", "\r", "\u000B", "\f", "é", "ı", "=", "==");

  private static final List<String> PHONE_PIECES = List.of(
      "+", "+1", "+44", "+820", "0", "01", "010", "0201", "02012", "1", "12", "123", "1234", "12345", "123456",
      "1234567", "415", "555", "0132", " ", ".", "-", "/", "(", ")", "(0)", "(415)", "@", "a", "_", "+1 (415) ",
      "020 7946 ", "01 42 ", "1-800-", "\u0663", "(11) ", "(11)", "91234-", "1234-", "5678", "(02) ", "9876 ",
      "0412 ", "345 ", "678", "098765 ", "43210", "(0", "9");

  private static String text(Random random, List<String> pieces) {
    StringBuilder text = new StringBuilder();
    int n = random.nextInt(16);
    for (int i = 0; i < n; i++) {
      text.append(pieces.get(random.nextInt(pieces.size())));
    }
    return text.toString();
  }

  /** Compares at one position where the masker would match; returns whether the expression matched there. */
  private interface Comparison {
    boolean at(String text, int p, Matcher expression);
  }

  /**
   * Runs {@code comparison} at every position of random texts made of {@code pieces} whose character {@code starts}
   * accepts, with {@code pattern}'s matcher set to that position as the masker set it; returns how many matched.
   */
  private static int compare(long seed, List<String> pieces, Pattern pattern, IntPredicate starts,
      Comparison comparison) {
    Random random = new Random(seed);
    Matcher m = pattern.matcher("");
    int matched = 0;
    for (int t = 0; t < TEXTS; t++) {
      String text = text(random, pieces);
      m.reset(text).useTransparentBounds(true).useAnchoringBounds(false);
      for (int p = 0; p < text.length(); p++) {
        if (starts.test(text.charAt(p))) {
          m.region(p, text.length());
          matched += comparison.at(text, p, m) ? 1 : 0;
        }
      }
    }
    return matched;
  }

  @Test
  void phoneMatchEnd_randomNumberShapes_sameAsTheExpression() {
    int matched = compare(SEED, PHONE_PIECES, PHONE, c -> c == '+' || c == '(' || (c >= '0' && c <= '9'),
        (text, p, m) -> {
          int expected = m.lookingAt() ? m.end() : -1;
          assertThat(Phones.matchEnd(text, p)).as("at %d of \"%s\"", p, text).isEqualTo(expected);
          return expected > 0;
        });

    assertThat(matched).as("matches compared").isGreaterThan(TEXTS / 10);
  }

  @Test
  void keyValueAt_randomPairs_sameAsTheExpression() {
    int matched = compare(SEED + 1, KV_PIECES, KV, c -> c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'),
        (text, p, m) -> {
          long match = SecretValues.keyValueAt(text, p);
          String where = "at " + p + " of \"" + text + "\"";
          if (!m.lookingAt()) {
            assertThat(match).as("no match " + where).isEqualTo(-1);
            return false;
          }
          int valueStart = (int) (match >>> 32);
          assertThat(match).as(where).isNotEqualTo(-1);
          assertThat((int) match).as("end " + where).isEqualTo(m.end());
          assertThat(valueStart).as("value " + where).isEqualTo(m.start(2) >= 0 ? m.start(2) : m.start(3));
          assertThat(SecretValues.isQuotedValue(text, valueStart)).as("quoted " + where)
              .isEqualTo(m.start(2) >= 0);
          int from = SecretValues.assignmentEnd(text, SecretValues.keyEnd(text, p));
          assertThat(valueStart != from ? from : -1).as("scheme " + where).isEqualTo(m.start(1));
          return true;
        });

    assertThat(matched).as("matches compared").isGreaterThan(TEXTS / 10);
  }

  @Test
  void isBasicCredential_randomBase64Runs_sameAsTheDecoder() {
    Random random = new Random(SEED + 2);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int credentials = 0;
    for (int t = 0; t < TEXTS * 3; t++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(24);
      for (int i = 0; i < n; i++) {
        // colon-rich: "dXNlcjpw" is base64 for "user:p", and 'O', 'j', 'o', '6' carry ':' bits in many positions
        text.append(random.nextInt(4) == 0 ? "Ojo6".charAt(random.nextInt(4))
            : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      text.append("=".repeat(random.nextInt(4)));
      String credential = text.toString();
      assertThat(Credentials.isBasicCredential(credential, 0, credential.length()))
          .as("\"%s\"", credential).isEqualTo(decodesWithColon(credential));
      credentials += decodesWithColon(credential) ? 1 : 0;
    }
    assertThat(credentials).as("credentials with a colon compared").isGreaterThan(TEXTS / 30);
  }

  /** What the masker did before, with {@link Base64}'s decoder. */
  private static boolean decodesWithColon(String credential) {
    int n = credential.length();
    if (n < 4 || n % 4 != 0 || n > 4096) {
      return false;
    }
    try {
      for (byte b : Base64.getDecoder().decode(credential)) {
        if (b == ':') {
          return true;
        }
      }
      return false;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }
}
