package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.core.internal.PiiCorpus.Case;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of {@code pii-corpus.tsv} against a masker with all built-in detectors on. */
class RegexPiiMaskerCorpusTest {
  private static final RegexPiiMasker MASKER = RegexPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());

  static Stream<Case> positives() {
    return PiiCorpus.cases().stream().filter(Case::positive);
  }

  static Stream<Case> negatives() {
    return PiiCorpus.cases().stream().filter(c -> !c.positive());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("positives")
  void mask_positiveCase_givesExpected(Case c) {
    assertThat(MASKER.mask(c.input())).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("negatives")
  void mask_negativeCase_returnsInputInstance(Case c) {
    assertThat(MASKER.mask(c.input())).isSameAs(c.input());
  }

  @Test
  void corpus_casesPerCategory_asListed() {
    Map<String, Long> counts = PiiCorpus.cases().stream()
        .collect(Collectors.groupingBy(Case::category, TreeMap::new, Collectors.counting()));

    assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
        Map.entry("card", 39L), Map.entry("email", 31L), Map.entry("integer", 13L), Map.entry("ipv4", 6L),
        Map.entry("mixed", 12L), Map.entry("order", 5L), Map.entry("phone", 49L), Map.entry("secret", 60L),
        Map.entry("span-id", 5L), Map.entry("ssn", 15L), Map.entry("text", 12L), Map.entry("timestamp", 14L),
        Map.entry("trace-id", 6L), Map.entry("unicode", 14L), Map.entry("uuid", 6L), Map.entry("version", 9L))));
    assertThat(PiiCorpus.cases()).hasSize(296);
  }

  @Test
  void corpus_ids_unique() {
    assertThat(PiiCorpus.cases()).extracting(Case::id).doesNotHaveDuplicates();
  }

  @Test
  void corpus_positives_changeTheirInput() {
    assertThat(positives()).allSatisfy(c -> assertThat(c.expected()).as(c.id()).isNotEqualTo(c.input()));
  }

  @Test
  void corpus_negatives_expectTheirInput() {
    assertThat(negatives()).allSatisfy(c -> assertThat(c.expected()).as(c.id()).isEqualTo(c.input()));
  }

  @Test
  void corpus_issueExamples_allPresent() {
    assertThat(PiiCorpus.cases()).extracting(Case::input).contains(
        "alice.smith@example.com", "+82 10-1234-5678", "+1 (415) 555-0132", "010-1234-5678", "415.555.0132",
        "+44 20 7946 0958", "+49 30 901820", "+33 1 42 68 53 00", "+81 3-1234-5678", "+91 98765 43210",
        "123-45-6789", "a@b.com,c@d.org", "이메일: alice@example.com입니다", "電話 +81 3-1234-5678",
        "4111111111111112", "378282246310005", "4000000000000000006", "2026-11-21T13:55:57.123Z", "2026-11-21",
        "1.2.3", "3.1.11", "192.168.100.200", "ORD-2026-000123", "123456789012",
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "550e8400-e29b-41d4-a716-446655440000");
  }

  @Test
  void corpus_escapes_decodeTabsNewlinesAndBackslashes() {
    assertThat(PiiCorpus.unescape("a\\tb\\nc\\rd\\\\e", 1)).isEqualTo("a\tb\nc\rd\\e");
    assertThat(PiiCorpus.cases()).extracting(Case::input)
        .contains("email\talice@example.com\tphone\t415-555-0132", "{\\\"password\\\":\\\"hunter2\\\"}");
  }
}
