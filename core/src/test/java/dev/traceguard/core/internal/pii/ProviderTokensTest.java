package dev.traceguard.core.internal.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PiiDetector;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Provider tokens and private-key blocks, through the whole masker: found by shape, look-alikes left alone. */
class ProviderTokensTest {
  private final ScanningPiiMasker masker = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());

  // Made-up values in the providers' published shapes; none is a real credential.
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "key AKIAIOSFODNN7EXAMPLE used | key [REDACTED] used",
      "ASIAY34FZKBOKMUTVV7A, | [REDACTED],",
      "ghp_1234567890abcdefghijABCDEFGHIJ123456 | [REDACTED]",
      "(gho_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789) | ([REDACTED])",
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz | [REDACTED]",
      "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc done | stripe [REDACTED] done",
      "rk_test_51H8abcdefghijklmnopqrstu | [REDACTED]",
      "slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx | slack [REDACTED]",
      "key=AIzaSyD-1234567890abcdefghijklmnopqrstu | key=[REDACTED]",
      "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws_secret_access_key=[REDACTED]",
  })
  void mask_providerToken_redactedWhole(String text, String expected) {
    assertThat(masker.mask(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "AKIAIOSFODNN7EXAMPL", // one short
      "AKIAIOSFODNN7EXAMPLEX", // one long: a longer word is something else
      "xAKIAIOSFODNN7EXAMPLE", // inside a word
      "ghp_short",
      "sk_live_tooshort",
      "xoxz-123456789012",
      "AIzaTooShort",
      "the sk_live_ prefix alone",
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
      "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
  })
  void mask_lookAlike_left(String text) {
    assertThat(masker.mask(text)).isSameAs(text);
  }

  @Test
  void mask_privateKeyBlock_redactedFromHeaderToEndLine() {
    String text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1b\nx9Zk==\n-----END RSA PRIVATE KEY-----\nok";

    assertThat(masker.mask(text)).isEqualTo("key:\n[REDACTED]\nok");
  }

  @Test
  void mask_privateKeyBlockWithoutEnd_redactedToTheEndOfTheText() {
    String text = "oops -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA";

    assertThat(masker.mask(text)).isEqualTo("oops [REDACTED]");
  }

  @Test
  void mask_manyPrivateKeyHeadersWithoutEnd_oneRedactionToTheEnd() {
    String text = "-----BEGIN PRIVATE KEY-----\n".repeat(10_000);

    assertThat(masker.mask(text)).isEqualTo("[REDACTED]");
  }

  @Test
  void mask_secretDetectorOff_tokensLeft() {
    ScanningPiiMasker noSecrets = ScanningPiiMasker.create(EnumSet.of(PiiDetector.EMAIL), List.of());
    String text = "AKIAIOSFODNN7EXAMPLE";

    assertThat(noSecrets.mask(text)).isSameAs(text);
  }
}
