package dev.traceguard.core.internal.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiPattern;
import dev.traceguard.core.RecordingLogHandler;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class BoundedPatternsTest {
  /** What a user would plausibly write for IBANs: nested, overlapping repetition that backtracks. */
  private static final PiiPattern BACKTRACKING_IBAN =
      PiiPattern.of("iban", "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]+){3,8}\\b");
  /** 67 characters the pattern almost matches: the final word boundary fails after every split of the run. */
  private static final String QUERY = "DE12" + "A".repeat(62) + "_";

  @Test
  void mask_backtrackingPatternOnAHostileValue_valueRedactedWholeCountedAndLoggedNamingThePattern() {
    ScanningPiiMasker masker = ScanningPiiMasker.create(Set.of(PiiDetector.EMAIL), List.of(BACKTRACKING_IBAN));
    Logger logger = Logger.getLogger(BoundedPatterns.class.getName());
    RecordingLogHandler handler = new RecordingLogHandler();
    logger.addHandler(handler);
    String masked;
    try {
      masked = masker.mask("q=" + QUERY);
      masker.mask("again " + QUERY);
    } finally {
      logger.removeHandler(handler);
    }

    assertThat(masked).isEqualTo(ScanningPiiMasker.REDACTED);
    assertThat(masker.abandonedCustomMatches()).isEqualTo(2);
    assertThat(handler.records()).filteredOn(r -> r.getLevel() == Level.WARNING).singleElement()
        .satisfies(r -> assertThat(new SimpleFormatter().formatMessage(r))
            .contains("abandoned the custom PII pattern 'iban' on a value of 69 characters", "[REDACTED]")
            .doesNotContain(QUERY));
  }

  @Test
  void mask_samePatternOnARealIban_masksItWithinBudget() {
    ScanningPiiMasker masker = ScanningPiiMasker.create(Set.of(), List.of(BACKTRACKING_IBAN));

    assertThat(masker.mask("pay to DE44 5001 0517 5407 3249 31 today")).isEqualTo("pay to [REDACTED] today");
    assertThat(masker.abandonedCustomMatches()).isZero();
  }

  @Test
  void apply_linearPatternOnAMegabyte_notAbandoned() {
    BoundedPatterns patterns = new BoundedPatterns(List.of(PiiPattern.of("order", "ORD-\\d+")));
    String big = "x".repeat(1 << 20) + " ORD-123 " + "y".repeat(1 << 10);

    String result = patterns.apply(big);

    assertThat(result).endsWith(" [REDACTED] " + "y".repeat(1 << 10));
    assertThat(patterns.abandoned()).isZero();
  }

  @Test
  void apply_nothingMatches_returnsTheSameInstance() {
    BoundedPatterns patterns = new BoundedPatterns(List.of(PiiPattern.of("order", "ORD-\\d+")));
    String text = "no order here";

    assertThat(patterns.apply(text)).isSameAs(text);
  }

  @Test
  void apply_patternWithGroupsAndLookBehind_readsThroughTheBudgetedSequence() {
    BoundedPatterns patterns = new BoundedPatterns(List.of(PiiPattern.of("badge", "(?<=badge=)(B)(\\d{6})\\b")));

    assertThat(patterns.apply("badge=B123456; other=B654321")).isEqualTo("badge=[REDACTED]; other=B654321");
  }
}
