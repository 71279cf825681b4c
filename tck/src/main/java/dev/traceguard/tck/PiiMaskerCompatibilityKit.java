package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.tck.PiiCorpus.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Holds a {@link PiiMasker} to the masking corpus ({@link PiiCorpus}, 341 cases) and to the contract of the
 * interface: a positive case is masked to exactly the expected text, a negative case comes back as the very same
 * instance, and masking is idempotent.
 *
 * <p>The corpus encodes Traceguard's built-in detectors with every one switched on (e-mail, phone, payment card,
 * SSN, secrets); a masker is expected to be configured that way. Each dynamic test is named after its case, e.g.
 * {@code email-001 (email, positive)}.
 *
 * <p>Extend it in a test class and implement {@link #createMasker()}; JUnit creates one instance per test, so the
 * hook runs before every test.
 */
public abstract class PiiMaskerCompatibilityKit {

  private PiiMasker masker = PiiMasker.noop();

  /** For subclasses; the kit holds no state beyond the masker under test. */
  protected PiiMaskerCompatibilityKit() {}

  /**
   * Returns the masker under test, with every built-in detector on and no custom pattern. Called before each test.
   *
   * @return a masker, not null
   */
  protected abstract PiiMasker createMasker();

  @BeforeEach
  void createMaskerUnderTest() {
    masker = createMasker();
  }

  @TestFactory
  Stream<DynamicTest> mask_positiveCase_givesExpectedText() {
    return PiiCorpus.cases().stream().filter(Case::positive).map(c -> DynamicTest.dynamicTest(name(c),
        () -> assertThat(masker.mask(c.input())).as("%s: mask(\"%s\")", c.id(), c.input()).isEqualTo(c.expected())));
  }

  @TestFactory
  Stream<DynamicTest> mask_negativeCase_returnsInputInstance() {
    return PiiCorpus.cases().stream().filter(c -> !c.positive()).map(c -> DynamicTest.dynamicTest(name(c),
        () -> assertThat(masker.mask(c.input())).as("%s: mask(\"%s\")", c.id(), c.input()).isSameAs(c.input())));
  }

  @TestFactory
  Stream<DynamicTest> mask_maskedText_isLeftAsItIs() {
    return PiiCorpus.cases().stream().map(c -> DynamicTest.dynamicTest(name(c), () -> {
      String once = masker.mask(c.input());
      assertThat(masker.mask(once)).as("%s: mask(mask(\"%s\"))", c.id(), c.input()).isEqualTo(once);
    }));
  }

  @Test
  void mask_emptyText_returnsInputInstance() {
    String empty = "";

    assertThat(masker.mask(empty)).isSameAs(empty);
  }

  private static String name(Case c) {
    return c.id() + " (" + c.category() + ", " + (c.positive() ? "positive" : "negative") + ")";
  }
}
