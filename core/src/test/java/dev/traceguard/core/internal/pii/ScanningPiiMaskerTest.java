package dev.traceguard.core.internal.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.PiiPattern;
import dev.traceguard.tck.PiiCorpus;
import dev.traceguard.tck.PiiCorpus.Case;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScanningPiiMaskerTest {
  private static final Set<PiiDetector> ALL = EnumSet.allOf(PiiDetector.class);

  /** One sample per detector: the input, then what every masker running that detector makes of it. */
  private static final Map<PiiDetector, List<String>> SAMPLES = new EnumMap<>(Map.of(
      PiiDetector.EMAIL, List.of("mail alice@example.com now", "mail a***@example.com now"),
      PiiDetector.PHONE, List.of("call +82 10-1234-5678 now", "call ***-***-5678 now"),
      PiiDetector.CARD, List.of("card 4111 1111 1111 1111 now", "card ****-****-****-1111 now"),
      PiiDetector.SSN, List.of("ssn 123-45-6789 now", "ssn ***-**-**** now"),
      PiiDetector.IBAN, List.of("iban GB29 NWBK 6016 1331 9268 19 now", "iban GB** **** **** **** **68 19 now"),
      PiiDetector.SECRET, List.of("login password=hunter2 now", "login password=[REDACTED] now")));

  private final ScanningPiiMasker masker = ScanningPiiMasker.create(ALL, List.of());

  // --- Detector switches ----------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(PiiDetector.class)
  void mask_detectorOff_leavesItsKindAloneAndMasksTheOthers(PiiDetector off) {
    ScanningPiiMasker without = ScanningPiiMasker.create(EnumSet.complementOf(EnumSet.of(off)), List.of());

    String own = SAMPLES.get(off).get(0);
    assertThat(without.mask(own)).isSameAs(own);
    for (PiiDetector other : EnumSet.complementOf(EnumSet.of(off))) {
      assertThat(without.mask(SAMPLES.get(other).get(0))).isEqualTo(SAMPLES.get(other).get(1));
    }
  }

  @ParameterizedTest
  @EnumSource(PiiDetector.class)
  void mask_onlyOneDetectorOn_masksOnlyItsKind(PiiDetector on) {
    ScanningPiiMasker only = ScanningPiiMasker.create(EnumSet.of(on), List.of());

    assertThat(only.mask(SAMPLES.get(on).get(0))).isEqualTo(SAMPLES.get(on).get(1));
    for (PiiDetector other : EnumSet.complementOf(EnumSet.of(on))) {
      String sample = SAMPLES.get(other).get(0);
      assertThat(only.mask(sample)).isSameAs(sample);
    }
  }

  @Test
  void mask_allKindsInOneText_eachMasked() {
    String text = "a@b.com, +1 (415) 555-0132, 5555 5555 5555 4444, 123-45-6789, Authorization: Bearer abc123";

    assertThat(masker.mask(text)).isEqualTo(
        "a***@b.com, ***-***-0132, ****-****-****-4444, ***-**-****, Authorization: Bearer [REDACTED]");
  }

  @Test
  void mask_secretOff_cardAfterSecretKeyMaskedAsCard() {
    ScanningPiiMasker noSecrets = ScanningPiiMasker.create(EnumSet.complementOf(EnumSet.of(PiiDetector.SECRET)), List.of());

    assertThat(masker.mask("token=4111111111111111")).isEqualTo("token=[REDACTED]");
    assertThat(noSecrets.mask("token=4111111111111111")).isEqualTo("token=****-****-****-1111");
  }

  @Test
  void mask_cardOff_cardDigitsNotTakenForPhones() {
    ScanningPiiMasker noCards = ScanningPiiMasker.create(EnumSet.complementOf(EnumSet.of(PiiDetector.CARD)), List.of());

    for (String card : List.of("4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005", "4111111111111111")) {
      assertThat(noCards.mask(card)).isSameAs(card);
    }
  }

  @Test
  void mask_ssnOff_ssnNotTakenForPhone() {
    ScanningPiiMasker noSsn = ScanningPiiMasker.create(EnumSet.complementOf(EnumSet.of(PiiDetector.SSN)), List.of());

    String ssn = "ssn 123-45-6789";
    assertThat(noSsn.mask(ssn)).isSameAs(ssn);
  }

  @Test
  void mask_noDetectorsNoPatterns_returnsInputWithoutLooking() {
    ScanningPiiMasker none = ScanningPiiMasker.create(Set.of(), List.of());
    String text = "alice@example.com 4111111111111111 password=x";

    assertThat(none.mask(text)).isSameAs(text);
  }

  // --- Custom patterns ------------------------------------------------------------------------------------

  @Test
  void mask_customPatternDefaultReplacement_redactsEveryMatch() {
    ScanningPiiMasker custom = ScanningPiiMasker.create(ALL, List.of(PiiPattern.of("employee", "EMP-\\d{6}")));

    assertThat(custom.mask("EMP-123456 and EMP-654321")).isEqualTo("[REDACTED] and [REDACTED]");
  }

  @Test
  void mask_customPatternCustomReplacement_takenLiterally() {
    // Without the built-in IBAN detector, which would mask this number before any custom pattern sees it.
    ScanningPiiMasker custom = ScanningPiiMasker.create(EnumSet.complementOf(EnumSet.of(PiiDetector.IBAN)),
        List.of(PiiPattern.of("iban", "DE\\d{20}", "$0 \\1 [IBAN]")));

    assertThat(custom.mask("pay DE89370400440532013000 now")).isEqualTo("pay $0 \\1 [IBAN] now");
  }

  @Test
  void mask_customPatternWithoutDetectors_runsOnEveryText() {
    ScanningPiiMasker custom = ScanningPiiMasker.create(Set.of(), List.of(PiiPattern.of("code", "xyz-\\d+", "[CODE]")));
    String clean = "no match here";

    assertThat(custom.mask("order xyz-42 ready")).isEqualTo("order [CODE] ready");
    assertThat(custom.mask(clean)).isSameAs(clean);
  }

  @Test
  void mask_customPatterns_runAfterDetectorsInListOrder() {
    ScanningPiiMasker custom = ScanningPiiMasker.create(ALL, List.of(
        PiiPattern.of("masked-mail", "a\\*\\*\\*@example\\.com", "<mail>"),
        PiiPattern.of("first", "foo", "bar"),
        PiiPattern.of("second", "bar", "baz")));

    assertThat(custom.mask("alice@example.com foo")).isEqualTo("<mail> baz");
  }

  @Test
  void mask_customPatternEmptyMatches_ignored() {
    ScanningPiiMasker custom = ScanningPiiMasker.create(ALL, List.of(PiiPattern.of("empty", "x*")));
    String text = "abc";

    assertThat(custom.mask(text)).isSameAs(text);
    assertThat(custom.mask("axxb")).isEqualTo("a[REDACTED]b");
  }

  @Test
  void mask_customPatternMatchingItsOwnReplacement_returnsInputInstance() {
    ScanningPiiMasker custom = ScanningPiiMasker.create(ALL, List.of(PiiPattern.of("bracketed", "\\[[A-Z]+\\]")));
    String text = "value [REDACTED] kept";

    assertThat(custom.mask(text)).isSameAs(text);
    assertThat(custom.mask("value [SECRET] gone")).isEqualTo("value [REDACTED] gone");
  }

  @Test
  void mask_customPatternThatNeverSettles_redactsWholeText() {
    ScanningPiiMasker custom = ScanningPiiMasker.create(ALL, List.of(PiiPattern.of("grow", "a", "aa")));

    assertThat(custom.mask("a")).isEqualTo(PiiMasker.REDACTED);
    assertThat(custom.mask(custom.mask("a"))).isEqualTo(PiiMasker.REDACTED);
  }

  @Test
  void mask_customPatternOverflowsStack_returnsRedactedWithoutThrowing() {
    ScanningPiiMasker custom = ScanningPiiMasker.create(ALL, List.of(PiiPattern.of("deep", "(a|b)*c")));

    assertThat(custom.mask("ab".repeat(50_000))).isEqualTo(PiiMasker.REDACTED);
  }

  // --- Same instance, pre-check, allocation ---------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {
      "", "GET /api/users/42", "plain text", "2026-11-21T13:55:57.123Z", "a@b", "java.lang.Object@1b6d3586",
      "token_type=bearer", "4111111111111112", "password=[REDACTED]", "a***@example.com", "123456789012"})
  void mask_nothingToMask_returnsInputInstance(String text) {
    assertThat(masker.mask(text)).isSameAs(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "GET /api/users/42 200", "2026-11-21T13:55:57.123Z", "4bf92f3577b34da6a3ce929d0e0e4736",
      "00f067aa0ba902b7", "12345678", "1.2.3.4", "10.0.0.1", "Hello, world",
      "eYJ EYJ ey J", "pass word", "tok en", "sess ion", "api key", "bear er", "bas ic", "password", "x.token=",
      "Bearer", "basic", "ORD-2026-000123 v1.2.3", "a@b", "a%40b"})
  void mask_nearMisses_returnInputInstance(String text) {
    assertThat(masker.mask(text)).isSameAs(text);
  }

  @Test
  void holdsNumberRun_nineDigitsAcrossSeparators_true() {
    assertThat(Phones.holdsNumberRun("123 456 789")).isTrue();
    assertThat(Phones.holdsNumberRun("+1 (415) 555-0132")).isTrue();
    assertThat(Phones.holdsNumberRun("id 2026/11.21-0")).isTrue();
    assertThat(Phones.holdsNumberRun("12-34-56-78")).isFalse();
    assertThat(Phones.holdsNumberRun("1234a56789")).isFalse();
    assertThat(Phones.holdsNumberRun("")).isFalse();
  }

  @Test
  void ssnEnd_shapesAndZeroGroups_endOrMinusOne() {
    assertThat(Ssns.ssnEnd("123-45-6789", 0)).isEqualTo(11);
    assertThat(Ssns.ssnEnd("ssn 123-45-6789.", 4)).isEqualTo(15);
    assertThat(Ssns.ssnEnd("000-45-6789", 0)).isEqualTo(-1);
    assertThat(Ssns.ssnEnd("123-00-6789", 0)).isEqualTo(-1);
    assertThat(Ssns.ssnEnd("123-45-0000", 0)).isEqualTo(-1);
    assertThat(Ssns.ssnEnd("123-45-678", 0)).isEqualTo(-1);
    assertThat(Ssns.ssnEnd("123-45-67890", 0)).isEqualTo(-1);
    assertThat(Ssns.ssnEnd("123-45-6789-1", 0)).isEqualTo(-1);
    assertThat(Ssns.ssnEnd("123-45-6789@x", 0)).isEqualTo(-1);
    // spaced like dashed, one kind of separator
    assertThat(Ssns.ssnEnd("123 45 6789", 0)).isEqualTo(11);
    assertThat(Ssns.ssnEnd("123 45-6789", 0)).isEqualTo(-1);
    assertThat(Ssns.ssnEnd("000 45 6789", 0)).isEqualTo(-1);
    // nine digits in a row only after a word saying what they are
    assertThat(Ssns.ssnEnd("SSN: 123456789", 5)).isEqualTo(14);
    assertThat(Ssns.ssnEnd("ssn=\"123456789\"", 5)).isEqualTo(14);
    assertThat(Ssns.ssnEnd("Social Security Number 123456789", 23)).isEqualTo(32);
    assertThat(Ssns.ssnEnd("order 123456789", 6)).isEqualTo(-1);
    assertThat(Ssns.ssnEnd("123456789", 0)).isEqualTo(-1);
    assertThat(Ssns.ssnEnd("lassn 123456789", 6)).as("ssn inside a word").isEqualTo(-1);
    assertThat(Ssns.ssnEnd("ssn 1234567890", 4)).as("ten digits").isEqualTo(-1);
    assertThat(Ssns.ssnEnd("ssn 000456789", 4)).isEqualTo(-1);
  }

  @Test
  void emailAt_address_packsLocalEndAndEnd() {
    assertThat(Emails.emailAt("alice@example.com!", 0)).isEqualTo((5L << 32) | 17);
    assertThat(Emails.emailAt("grace%40example.com", 0)).isEqualTo((5L << 32) | 19);
    // the longest local part first: "%40" inside it is taken as part of the local part
    assertThat(Emails.emailAt("a%40b@c.com", 0)).isEqualTo((5L << 32) | 11);
  }

  @Test
  void emailAt_topLevelDomainRejected_givesBackLabels() {
    // "c0m" is no top-level domain, so the domain ends after "example.org", before the dot
    assertThat(Emails.emailAt("bob@example.org.c0m", 0)).isEqualTo((3L << 32) | 15);
    assertThat(Emails.emailAt("bob@example.c0m", 0)).isEqualTo(-1);
    assertThat(Emails.emailAt("bob@-example.com", 0)).isEqualTo(-1);
    assertThat(Emails.emailAt("bob@example.com-x", 0)).isEqualTo(-1);
    assertThat(Emails.emailAt("bob@example." + "c".repeat(64), 0)).isEqualTo(-1);
    assertThat(Emails.emailAt("x".repeat(65) + "@example.com", 0)).isEqualTo(-1);
  }

  @Test
  void cardEnd_shapes_endOrMinusOne() {
    assertThat(Cards.cardEnd("4111 1111 1111 1111 x", 0)).isEqualTo(19);
    assertThat(Cards.cardEnd("4111-1111-1111-1111-123", 0)).isEqualTo(23);
    assertThat(Cards.cardEnd("3782 822463 10005", 0)).isEqualTo(17);
    assertThat(Cards.cardEnd("4111111111111111.", 0)).isEqualTo(16);
    // a fifth group too long to belong: the match stops after the fourth, then the separator and digits forbid it
    assertThat(Cards.cardEnd("4111 1111 1111 1111 12345", 0)).isEqualTo(-1);
    // separators may be spaces, dashes or dots, one kind or mixed
    assertThat(Cards.cardEnd("4111 1111-1111 1111", 0)).isEqualTo(19);
    assertThat(Cards.cardEnd("4111.1111.1111.1111 x", 0)).isEqualTo(19);
    assertThat(Cards.cardEnd("4111.1111.1111.1111.12345", 0)).as("a dot and more digits go on").isEqualTo(-1);
    assertThat(Cards.cardEnd("4111_1111_1111_1111", 0)).isEqualTo(-1);
    assertThat(Cards.cardEnd("41111111111111111111", 0)).isEqualTo(-1);
    assertThat(Cards.cardEnd("411111111111", 0)).isEqualTo(-1);
    assertThat(Cards.cardEnd("4111111111111111.5", 0)).isEqualTo(-1);
  }

  @Test
  void mask_schemeWordsIgnoreAsciiCaseOnly() {
    assertThat(masker.mask("BASIC dXNlcjpwYXNz")).isEqualTo("BASIC [REDACTED]");
    assertThat(masker.mask("bEaReR abc.def")).isEqualTo("bEaReR [REDACTED]");
    String dotlessI = "Bas\u0131c dXNlcjpwYXNz";
    assertThat(masker.mask(dotlessI)).isSameAs(dotlessI);
  }

  @Test
  void jwtEnd_threeParts_endOrMinusOne() {
    assertThat(Jwts.jwtEnd("eyJhbGciOi.eyJz.sig rest", 0)).isEqualTo(19);
    assertThat(Jwts.jwtEnd("eyJhbGciOi.eyJz. rest", 0)).isEqualTo(16);
    assertThat(Jwts.jwtEnd("eyJhbGci.eyJz.sig", 0)).isEqualTo(-1);
    assertThat(Jwts.jwtEnd("eyJhbGciOi.e.sig", 0)).isEqualTo(-1);
    assertThat(Jwts.jwtEnd("eyJhbGciOi.eyJz", 0)).isEqualTo(-1);
  }

  @Test
  void northAmericaEnd_shapes_endOrMinusOne() {
    assertThat(Phones.northAmericaEnd("415.555.0132", 0)).isEqualTo(12);
    assertThat(Phones.northAmericaEnd("(415) 555-0132", 0)).isEqualTo(14);
    assertThat(Phones.northAmericaEnd("(415)555-0132", 0)).isEqualTo(13);
    assertThat(Phones.northAmericaEnd("1-800-555-0199", 0)).isEqualTo(14);
    assertThat(Phones.northAmericaEnd("1 (800) 555-0199 x", 0)).isEqualTo(16);
    assertThat(Phones.northAmericaEnd("1-80-555-0199", 0)).isEqualTo(-1);
    // a 1 that is not followed by a number is read as the area code's first digit
    assertThat(Phones.northAmericaEnd("123 456 7890", 0)).isEqualTo(12);
    assertThat(Phones.northAmericaEnd("415.555.01325", 0)).isEqualTo(-1);
    assertThat(Phones.northAmericaEnd("415/555/0132", 0)).isEqualTo(-1);
    assertThat(Phones.northAmericaEnd("415.555.0132.9", 0)).isEqualTo(-1);
  }

  @Test
  void mask_everySecretNameAsKey_valueRedacted() {
    for (String name : HttpRedaction.SECRET_NAMES) {
      assertThat(masker.mask("x_" + name + "=1")).as(name).isEqualTo("x_" + name + "=[REDACTED]");
      String upper = name.toUpperCase(Locale.ROOT);
      assertThat(masker.mask(upper + ": 1")).as(upper).isEqualTo(upper + ": [REDACTED]");
    }
  }

  @Test
  void mask_disabledDetector_itsFormatLeftAlone() {
    ScanningPiiMasker emailOnly = ScanningPiiMasker.create(EnumSet.of(PiiDetector.EMAIL), List.of());

    String text = "password=x 4111111111111111";
    assertThat(emailOnly.mask(text)).isSameAs(text);
    assertThat(emailOnly.mask("password=x a@b.co")).isEqualTo("password=x a***@b.co");
  }

  @Test
  void mask_shortPhoneShapeBeforeAddress_addressMaskedUnlessTextHoldsANumberRun() {
    // "+1-2" is phone-shaped but too short. As before the one-pass scan, it stops the e-mail detector at its "+"
    // only when the text holds a run of nine digits, which used to switch the number detectors on.
    assertThat(masker.mask("+1-2.x@example.com")).isEqualTo("+***@example.com");
    String withNumberRun = "+1-2.x@example.com order 123456789";
    assertThat(masker.mask(withNumberRun)).isSameAs(withNumberRun);
  }

  @Test
  void mask_addressInLongText_masksTheAddressOnly() {
    String text = "x".repeat(1000) + " alice@example.com " + "y".repeat(1000);

    assertThat(masker.mask(text)).isEqualTo("x".repeat(1000) + " a***@example.com " + "y".repeat(1000));
  }

  @Test
  void mask_secretKeyAfterNumbers_valueRedacted() {
    assertThat(masker.mask("0123456789 abc my.db.password=x")).isEqualTo("0123456789 abc my.db.password=[REDACTED]");
  }

  /**
   * Nothing masked, nothing allocated: neither where no position passes the character tests nor where candidates
   * are matched and rejected (a failed Luhn sum, too few digits, a value already redacted, prose after "basic"), as
   * in the confirmation round over a masked text. Any allocation per call would be at least 16 bytes a call; the
   * bound allows for the measurement itself.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "GET /api/users/42 200 in 12 ms trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
      "password=[REDACTED] \"api_key\": \"[REDACTED]\" Authorization: Bearer [REDACTED] token=null",
      "basic test, bearer token, Basic dGVzdA== and eyJhbGciOiJIUzI1NiJ9 alone",
      "card 4111 1111 1111 1112, call +1 2 or 0123 456 or 415-555-01, id 1234567890123",
      "a***@example.com ***-***-0132 ****-****-****-1111 ***-**-**** +82 10 a@b"})
  void mask_nothingMasked_allocatesNothing(String text) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    assertThat(masker.mask(text)).isSameAs(text);
    int calls = 10_000;
    // Until the JIT has compiled mask (later on a loaded machine), the interpreter allocates what compiled code does
    // not: the least of several rounds is the steady state.
    long allocated = Long.MAX_VALUE;
    for (int round = 0; round < 20 && allocated >= calls; round++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < calls; i++) {
        masker.mask(text);
      }
      allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
    }

    assertThat(allocated).as("bytes allocated by %d calls", calls).isLessThan(calls);
  }

  // --- Contract: nulls, arguments, idempotence, threads ----------------------------------------------------

  /**
   * The API is null-marked: {@code mask} takes and returns non-null strings. Null is outside that contract; since
   * {@code mask} never throws, it comes back as it went in.
   */
  @Test
  void mask_nullOutsideContract_returnedWithoutThrowing() {
    String nothing = null;

    assertThat(masker.mask(nothing)).isNull();
  }

  @Test
  void create_nullDetectors_throwsNamingThem() {
    assertThatThrownBy(() -> ScanningPiiMasker.create(null, List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("detectors");
  }

  @Test
  void create_nullCustomPatterns_throwsNamingThem() {
    assertThatThrownBy(() -> ScanningPiiMasker.create(ALL, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("customPatterns");
  }

  @Test
  void create_nullDetectorElement_throwsNamingIt() {
    Set<PiiDetector> withNull = new HashSet<>(Arrays.asList(PiiDetector.EMAIL, null));

    assertThatThrownBy(() -> ScanningPiiMasker.create(withNull, List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("detectors element");
  }

  @Test
  void create_nullPatternElement_throws() {
    List<PiiPattern> withNull = new ArrayList<>();
    withNull.add(null);

    assertThatThrownBy(() -> ScanningPiiMasker.create(ALL, withNull)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void create_argumentsChangedAfterwards_maskerUnaffected() {
    Set<PiiDetector> detectors = EnumSet.of(PiiDetector.EMAIL);
    List<PiiPattern> patterns = new ArrayList<>(List.of(PiiPattern.of("code", "xyz")));
    ScanningPiiMasker copy = ScanningPiiMasker.create(detectors, patterns);

    detectors.add(PiiDetector.CARD);
    patterns.clear();

    assertThat(copy.detectors()).containsExactly(PiiDetector.EMAIL);
    assertThat(copy.customPatterns()).containsExactly(PiiPattern.of("code", "xyz"));
    assertThat(copy.mask("xyz 4111111111111111")).isEqualTo("[REDACTED] 4111111111111111");
    assertThatThrownBy(() -> copy.detectors().add(PiiDetector.SSN)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toString_namesDetectorsAndPatterns() {
    ScanningPiiMasker described = ScanningPiiMasker.create(
        EnumSet.of(PiiDetector.SSN, PiiDetector.EMAIL), List.of(PiiPattern.of("employee", "EMP-\\d+")));

    assertThat(described).hasToString("ScanningPiiMasker{detectors=[EMAIL, SSN], customPatterns=[employee]}");
  }

  @Test
  void mask_corpusOutputs_maskedAgainUnchanged() {
    for (Case c : PiiCorpus.cases()) {
      String once = masker.mask(c.input());
      assertThat(masker.mask(once)).as(c.id()).isSameAs(once);
      assertThat(masker.mask(c.expected())).as(c.id()).isEqualTo(c.expected());
    }
  }

  @Test
  void maskOnce_corpusOutputs_stableInOneRound() {
    for (Case c : PiiCorpus.cases()) {
      String once = masker.maskOnce(c.input());
      assertThat(masker.maskOnce(once)).as(c.id()).isSameAs(once);
    }
  }

  @Test
  void mask_concurrentCallers_sameResultsAsOneCaller() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          List<String> out = new ArrayList<>();
          for (int round = 0; round < 20; round++) {
            for (Case c : PiiCorpus.cases()) {
              out.add(masker.mask(c.input()));
            }
          }
          return out;
        }));
      }
      List<String> expected = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        for (Case c : PiiCorpus.cases()) {
          expected.add(c.expected());
        }
      }
      for (Future<List<String>> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
