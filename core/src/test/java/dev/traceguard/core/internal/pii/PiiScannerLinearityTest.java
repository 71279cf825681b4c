package dev.traceguard.core.internal.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.tck.AdversarialPiiTexts;
import dev.traceguard.tck.PiiCorpus;
import java.util.EnumSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "Never slower than linear", measured in operations, not time: the scanner reads its text only through {@link
 * CharSequence#charAt}, so a counting sequence tells how many characters one scan examined. For every adversarial
 * shape, the reads per character must stay under a constant and must not grow from 4 K to 256 K characters; a
 * quadratic scan grows 64-fold over that range.
 */
class PiiScannerLinearityTest {
  /** Characters examined per character of text, at most; the worst shape measured (digits and spaces) reads 30. */
  private static final double MAX_READS_PER_CHAR = 40;
  private static final int SMALL = 4_096;
  private static final int LARGE = 262_144;

  private final PiiScanner scanner = PiiScanner.create(EnumSet.allOf(PiiDetector.class));

  static Stream<String> shapes() {
    return AdversarialPiiTexts.shapes().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void scan_adversarialShape_readsAConstantPerCharacterAtAnySize(String shape) {
    double small = readsPerChar(scanner::scan, AdversarialPiiTexts.text(shape, SMALL));
    double large = readsPerChar(scanner::scan, AdversarialPiiTexts.text(shape, LARGE));

    assertThat(large).as("reads per character of %s at %d characters", shape, LARGE)
        .isLessThanOrEqualTo(MAX_READS_PER_CHAR)
        .isLessThanOrEqualTo(small * 1.05 + 0.5);
  }

  @Test
  void scan_corpusInputsRepeated_readsAConstantPerCharacter() {
    StringBuilder all = new StringBuilder();
    for (PiiCorpus.Case c : PiiCorpus.cases()) {
      all.append(c.input()).append(' ');
    }
    String once = all.toString();
    double small = readsPerChar(scanner::scan, once);
    double large = readsPerChar(scanner::scan, once.repeat(32));

    assertThat(large).isLessThanOrEqualTo(MAX_READS_PER_CHAR).isLessThanOrEqualTo(small * 1.05 + 0.5);
  }

  /** The measure can fail: a scan that looks for the next {@code @} from every position is caught growing. */
  @Test
  void readsPerChar_quadraticScan_growsWithSize() {
    Function<CharSequence, Object> rescanning = text -> {
      int found = 0;
      for (int p = 0; p < text.length(); p++) {
        found += Chars.indexOf(text, '@', p) >= 0 ? 1 : 0;
      }
      return found;
    };
    double small = readsPerChar(rescanning, AdversarialPiiTexts.text("digits", 1_024));
    double large = readsPerChar(rescanning, AdversarialPiiTexts.text("digits", 16_384));

    assertThat(large).isGreaterThan(small * 10).isGreaterThan(MAX_READS_PER_CHAR);
  }

  private static double readsPerChar(Function<CharSequence, ?> scan, String text) {
    CountingChars counted = new CountingChars(text);
    scan.apply(counted);
    return (double) counted.reads / text.length();
  }

  /** A text that counts the characters read from it. */
  private static final class CountingChars implements CharSequence {
    private final String text;
    long reads;

    CountingChars(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      reads += end - start;
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      reads += text.length();
      return text;
    }
  }
}
