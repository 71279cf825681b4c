package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.tck.PiiCorpus.Case;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shape of {@code pii-corpus.tsv}: what the masking kit may rely on. */
class PiiCorpusTest {

  @Test
  void corpus_casesPerCategory_asListed() {
    Map<String, Long> counts = PiiCorpus.cases().stream()
        .collect(Collectors.groupingBy(Case::category, TreeMap::new, Collectors.counting()));

    assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
        Map.entry("card", 43L), Map.entry("email", 35L), Map.entry("iban", 6L), Map.entry("integer", 13L),
        Map.entry("ipv4", 7L), Map.entry("isbn", 3L), Map.entry("mixed", 12L), Map.entry("oid", 1L),
        Map.entry("order", 5L), Map.entry("phone", 55L), Map.entry("price", 2L), Map.entry("secret", 70L),
        Map.entry("span-id", 5L), Map.entry("ssn", 18L), Map.entry("text", 12L), Map.entry("timestamp", 14L),
        Map.entry("trace-id", 6L), Map.entry("tracking", 3L), Map.entry("unicode", 15L), Map.entry("uuid", 6L),
        Map.entry("version", 9L), Map.entry("zip", 1L))));
    assertThat(PiiCorpus.cases()).hasSize(341);
  }

  @Test
  void corpus_ids_unique() {
    assertThat(PiiCorpus.cases()).extracting(Case::id).doesNotHaveDuplicates();
  }

  @Test
  void corpus_positives_changeTheirInput() {
    assertThat(PiiCorpus.cases()).filteredOn(Case::positive)
        .allSatisfy(c -> assertThat(c.expected()).as(c.id()).isNotEqualTo(c.input()));
  }

  @Test
  void corpus_negatives_expectTheirInput() {
    assertThat(PiiCorpus.cases()).filteredOn(c -> !c.positive())
        .allSatisfy(c -> assertThat(c.expected()).as(c.id()).isEqualTo(c.input()));
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
  void corpus_escapes_decodedInCases() {
    assertThat(PiiCorpus.cases()).extracting(Case::input)
        .contains("email\talice@example.com\tphone\t415-555-0132", "{\\\"password\\\":\\\"hunter2\\\"}");
  }

  @Test
  void unescape_everyEscape_decoded() {
    assertThat(CaseFile.unescape("a\\tb\\nc\\rd\\\\e", "f", 1)).isEqualTo("a\tb\nc\rd\\e");
  }

  @Test
  void unescape_unknownEscape_throwsNamingFileAndLine() {
    assertThatThrownBy(() -> CaseFile.unescape("a\\x", "f.tsv", 7))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("f.tsv:7: unknown escape \\x");
  }

  @Test
  void unescape_loneBackslashAtEnd_throws() {
    assertThatThrownBy(() -> CaseFile.unescape("a\\", "f.tsv", 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("f.tsv:3: a lone backslash ends a column");
  }

  @Test
  void expand_repeatAndSequence_expanded() {
    assertThat(CaseFile.expand("k={rep 3 ab}")).isEqualTo("k=ababab");
    assertThat(CaseFile.expand("{seq 3 k#=v#}")).isEqualTo("k0=v0,k1=v1,k2=v2");
    assertThat(CaseFile.expand("{\"json\":1}")).isEqualTo("{\"json\":1}");
  }

  @Test
  void read_missingResource_throwsNamingIt() {
    assertThatThrownBy(() -> CaseFile.read(PiiCorpusTest.class, "absent.tsv", List.of("id")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("absent.tsv is missing beside dev.traceguard.tck.PiiCorpusTest");
  }
}
