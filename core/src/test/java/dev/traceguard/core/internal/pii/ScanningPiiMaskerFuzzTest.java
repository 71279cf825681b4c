package dev.traceguard.core.internal.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.tck.PiiCorpus;
import dev.traceguard.tck.PiiCorpus.Case;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random-input tests: whatever the text, masking never throws, is idempotent and settles without falling back to
 * redacting the whole text. Each test seeds its own {@link Random}, so a failure replays exactly.
 */
class ScanningPiiMaskerFuzzTest {
  private static final long SEED = 0x5049494d61736bL;
  private static final int ITERATIONS = 20_000;
  private static final int MAX_LENGTH = 512;

  /** Single characters, weighted towards what the detectors look at. */
  private static final String ALPHABET = "0123456789012345678901234567890123456789      ----....@@@"
      + "abcxyzABCXYZeyJ_+()/:;=&?#\"'\\%*[]{}<>,\t\n\r이메일電話é😀\u00a0\u3000٣";

  /** Pieces of PII, near misses and syntax, and every corpus input and output. */
  private static final List<String> FRAGMENTS = fragments();

  private final ScanningPiiMasker masker = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());

  private static List<String> fragments() {
    List<String> fragments = new ArrayList<>(List.of(
        "@", "%40", ".com", "example.com", "a@b.co", "password=", "token: ", "\"password\":\"", "\\\"", "Bearer ",
        "Basic ", "basic dXNlcjpwYXNz", "eyJhbGciOiJIUzI1NiJ9.", "eyJzdWIiOiIx.", "+82 10-", "+1 (", ") ", "1234-",
        "5678", "4111 1111 1111 1111", "4111111111111111", "123-45-6789", "010-1234-5678", "+44 20 7946 0958",
        "[REDACTED]", "***", "***-***-", "****-****-****-", "2026-11-21T13:55:57.123Z", "ORD-2026-", "192.168.1.1",
        "api_key", "JSESSIONID=", "Authorization: ", "%2B", "4bf92f3577b34da6a3ce929d0e0e4736", "\ud800", "\udc00"));
    for (Case c : PiiCorpus.cases()) {
      fragments.add(c.input());
      fragments.add(c.expected());
    }
    return List.copyOf(fragments);
  }

  private String mixed(Random random) {
    int length = random.nextInt(MAX_LENGTH + 1);
    StringBuilder text = new StringBuilder(length + 64);
    while (text.length() < length) {
      if (random.nextInt(3) == 0) {
        String fragment = FRAGMENTS.get(random.nextInt(FRAGMENTS.size()));
        if (random.nextBoolean() && fragment.length() > 1) { // a piece of it: PII cut at a random place
          int from = random.nextInt(fragment.length());
          fragment = fragment.substring(from, from + 1 + random.nextInt(fragment.length() - from));
        }
        text.append(fragment);
      } else {
        text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return text.toString();
  }

  @Test
  void mask_randomMixedTexts_neverThrowIdempotentAndSettle() {
    Random random = new Random(SEED);
    for (int i = 0; i < ITERATIONS; i++) {
      String text = mixed(random);
      String masked = masker.mask(text);
      assertThat(masker.maskOnce(masked)).as("idempotent for %s", text).isSameAs(masked);
      if (masked.equals(PiiMasker.REDACTED)) { // only when the text itself is one secret, never as a fallback
        assertThat(masker.maskOnce(text)).as("settled for %s", text).isEqualTo(PiiMasker.REDACTED);
      }
    }
  }

  @Test
  void mask_randomNumericTexts_neverThrowAndIdempotent() {
    Random random = new Random(SEED + 2);
    String alphabet = "0123456789 -.()+/";
    for (int i = 0; i < ITERATIONS; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(64);
      for (int k = 0; k < length; k++) {
        text.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 10 : alphabet.length())));
      }
      String masked = masker.mask(text.toString());
      assertThat(masker.mask(masked)).as("idempotent for %s", text).isEqualTo(masked);
    }
  }

  @Test
  void mask_randomUtf16Texts_neverThrowAndIdempotent() {
    Random random = new Random(SEED + 3);
    for (int i = 0; i < ITERATIONS; i++) {
      char[] chars = new char[random.nextInt(MAX_LENGTH + 1)];
      for (int k = 0; k < chars.length; k++) {
        chars[k] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) (0x20 + random.nextInt(0x5f));
      }
      String text = new String(chars);
      String masked = masker.mask(text);
      assertThat(masker.mask(masked)).as("idempotent for %s", text).isEqualTo(masked);
    }
  }

  @Test
  void mask_pathologicalTexts_finishPromptlyWithoutThrowing() {
    List<String> texts = List.of(
        "a".repeat(100_000) + "@example.com",
        "a.".repeat(50_000) + "@" + "b.".repeat(50_000) + "com",
        "1".repeat(100_000),
        "1 ".repeat(50_000),
        "+1 ".repeat(30_000),
        "password=" + "x".repeat(100_000),
        "\"password\": \"" + "a\\\"".repeat(50_000) + "\"",
        "token".repeat(20_000) + "=x",
        "eyJ".repeat(30_000),
        "Bearer ".repeat(10_000) + "x",
        "@".repeat(100_000),
        "%40".repeat(30_000));
    assertTimeout(Duration.ofSeconds(60), () -> {
      for (String text : texts) {
        assertThatCode(() -> {
          String masked = masker.mask(text);
          assertThat(masker.mask(masked)).isEqualTo(masked);
        }).doesNotThrowAnyException();
      }
    });
  }

  @Test
  void mask_pathologicalSecretValue_redactedWithoutRecursion() {
    String text = "\"password\": \"" + "a\\\"".repeat(50_000) + "\" next";

    assertThat(masker.mask(text)).isEqualTo("\"password\": \"" + PiiMasker.REDACTED + "\" next");
  }
}
