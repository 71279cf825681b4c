package dev.traceguard.core.internal.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PiiDetector;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IBANs through the whole masker: the published example numbers of several countries, and look-alikes. */
class IbansTest {
  private final ScanningPiiMasker masker = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "DE89 3704 0044 0532 0130 00 | DE** **** **** **** **30 00",
      "DE89370400440532013000 | DE****************3000",
      "to GB29 NWBK 6016 1331 9268 19. | to GB** **** **** **** **68 19.",
      "FR1420041010050500013M02606 | FR*********************2606",
      "iban=NL91ABNA0417164300&x=1 | iban=NL************4300&x=1",
      "(BE68 5390 0754 7034) | (BE** **** **** 7034)",
      "NO9386011117947 | NO*********7947",
      "MT84 MALT 0110 0001 2345 MTLC AST0 01S | MT** **** **** **** **** **** ***0 01S",
  })
  void mask_validIban_countryCodeAndLastFourKept(String text, String expected) {
    assertThat(masker.mask(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GB28 NWBK 6016 1331 9268 19", // check digits wrong
      "DE89370400440532013001",
      "DE8937040044053201300", // one short: checksum fails too
      "DE89370400440532013000X1", // longer word
      "xDE89370400440532013000",
      "AB12 CDEF GHIJ", // too short
      "ISO8601 and RFC3339",
      "GB29 NWBK  6016 1331 9268 19", // two spaces: not a group; the parts alone fail the check
  })
  void mask_lookAlike_left(String text) {
    assertThat(masker.mask(text)).isSameAs(text);
  }
}
