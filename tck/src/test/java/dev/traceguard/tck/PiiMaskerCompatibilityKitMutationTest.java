package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.tck.PiiCorpus.Case;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link PiiMaskerCompatibilityKit} detects violations: a reference masker that answers every corpus
 * case correctly passes, and each mutant, breaking one rule, fails exactly the cases of that rule.
 */
class PiiMaskerCompatibilityKitMutationTest {

  /** The expected output of each positive input: the simplest masker that meets the corpus. */
  private static final Map<String, String> ANSWERS = PiiCorpus.cases().stream().filter(Case::positive)
      .collect(Collectors.toMap(Case::input, Case::expected, (a, b) -> a));

  static String reference(String text) {
    return ANSWERS.getOrDefault(text, text);
  }

  static class Reference extends PiiMaskerCompatibilityKit {
    @Override
    protected PiiMasker createMasker() {
      return PiiMaskerCompatibilityKitMutationTest::reference;
    }
  }

  /** Returns a copy where it should return the input instance. */
  static class CopiesUnmaskedText extends PiiMaskerCompatibilityKit {
    @Override
    protected PiiMasker createMasker() {
      return text -> {
        String masked = reference(text);
        return masked == text ? new String(text) : masked;
      };
    }
  }

  /** Leaves payment card numbers alone. */
  static class MissesCards extends PiiMaskerCompatibilityKit {
    @Override
    protected PiiMasker createMasker() {
      return text -> text.matches(".*\\d{4}[ -]?\\d{4}[ -]?\\d{4}.*") && !text.contains("@") ? text : reference(text);
    }
  }

  /** Masks what it has masked already, once more. */
  static class MasksTwice extends PiiMaskerCompatibilityKit {
    @Override
    protected PiiMasker createMasker() {
      return text -> text.contains("***") ? text.replace("***", "[REDACTED]") : reference(text);
    }
  }

  @Test
  void reference_meetsEveryCase_noFailure() {
    KitRun run = KitRun.of(Reference.class);

    assertThat(run.failures()).isEmpty();
    assertThat(run.succeeded()).isEqualTo(341L + 341L + 1L);
  }

  @Test
  void copiesUnmaskedText_failsEveryNegativeCaseByItsId() {
    KitRun run = KitRun.of(CopiesUnmaskedText.class);

    long negatives = PiiCorpus.cases().stream().filter(c -> !c.positive()).count();
    assertThat(run.failures()).hasSize((int) negatives + 1)
        .contains("mask_negativeCase_returnsInputInstance: uuid-001 (uuid, negative)", "mask_emptyText_returnsInputInstance")
        .allSatisfy(name -> assertThat(name).containsAnyOf("negative", "mask_emptyText"));
  }

  @Test
  void missesCards_failsCardCases() {
    KitRun run = KitRun.of(MissesCards.class);

    assertThat(run.failures()).isNotEmpty()
        .allSatisfy(name -> assertThat(name).startsWith("mask_positiveCase_givesExpectedText: "))
        .anySatisfy(name -> assertThat(name).contains("(card, positive)"));
  }

  @Test
  void masksTwice_failsIdempotenceAndTheAlreadyMaskedNegatives() {
    KitRun run = KitRun.of(MasksTwice.class);

    // The corpus holds already-masked text as negative cases (e.g. "a***@example.com"), which this mutant alters.
    assertThat(run.failures()).isNotEmpty()
        .allSatisfy(name -> assertThat(name).matches("mask_(maskedText_isLeftAsItIs|negativeCase_returnsInputInstance): .*"))
        .contains("mask_maskedText_isLeftAsItIs: email-001 (email, positive)",
            "mask_negativeCase_returnsInputInstance: email-029 (email, negative)");
  }
}
