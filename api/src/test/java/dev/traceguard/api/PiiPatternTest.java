package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class PiiPatternTest {

  @Test
  void of_nameAndRegex_replacesWithRedacted() {
    PiiPattern rule = PiiPattern.of("card", "\\d{16}");

    assertThat(rule.name()).isEqualTo("card");
    assertThat(rule.pattern().pattern()).isEqualTo("\\d{16}");
    assertThat(rule.pattern().flags()).isZero();
    assertThat(rule.replacement()).isEqualTo("[REDACTED]");
  }

  @Test
  void of_nameAndRegex_compilesAWorkingPattern() {
    PiiPattern rule = PiiPattern.of("card", "\\d{16}");

    assertThat(rule.pattern().matcher("pay 4111111111111111 now").find()).isTrue();
    assertThat(rule.pattern().matcher("pay 4111 now").find()).isFalse();
  }

  @Test
  void of_withReplacement_keepsReplacement() {
    PiiPattern rule = PiiPattern.of("iban", "DE\\d{20}", "DE**");

    assertThat(rule.name()).isEqualTo("iban");
    assertThat(rule.pattern().pattern()).isEqualTo("DE\\d{20}");
    assertThat(rule.replacement()).isEqualTo("DE**");
  }

  @Test
  void of_replacementWithRegexSpecials_keepsItVerbatim() {
    assertThat(PiiPattern.of("money", "\\d+", "$1\\").replacement()).isEqualTo("$1\\");
  }

  @Test
  void of_blankName_throws() {
    assertThatThrownBy(() -> PiiPattern.of(" ", "\\d{16}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must be non-blank, was ' '");
  }

  @Test
  void of_emptyName_throws() {
    assertThatThrownBy(() -> PiiPattern.of("", "\\d{16}", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must be non-blank, was ''");
  }

  @Test
  void of_badRegex_throwsPatternSyntaxException() {
    assertThatThrownBy(() -> PiiPattern.of("broken", "[a-"))
        .isInstanceOf(PatternSyntaxException.class)
        .satisfies(e -> assertThat(((PatternSyntaxException) e).getPattern()).isEqualTo("[a-"));
  }

  @Test
  void of_nullRegex_throwsNamingRegex() {
    assertThatThrownBy(() -> PiiPattern.of("card", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("regex");
  }

  @Test
  void constructor_nullComponents_throwNamingThem() {
    Pattern pattern = Pattern.compile("x");

    assertThatThrownBy(() -> new PiiPattern(null, pattern, "r"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> new PiiPattern("n", null, "r"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("pattern");
    assertThatThrownBy(() -> new PiiPattern("n", pattern, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("replacement");
  }

  @Test
  void constructor_blankName_throws() {
    Pattern pattern = Pattern.compile("x");

    assertThatThrownBy(() -> new PiiPattern("\t", pattern, "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must be non-blank, was '\t'");
  }

  @Test
  void equals_separatelyCompiledSameRegex_isEqualWithSameHashCode() {
    PiiPattern first = PiiPattern.of("card", "\\d{16}");
    PiiPattern second = PiiPattern.of("card", "\\d{16}");

    assertThat(first.pattern()).isNotSameAs(second.pattern());
    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
  }

  @Test
  void equals_sameRegexAndFlags_isEqualWithSameHashCode() {
    PiiPattern first = new PiiPattern("mail", Pattern.compile("[a-z]+@x", Pattern.CASE_INSENSITIVE), "m");
    PiiPattern second = new PiiPattern("mail", Pattern.compile("[a-z]+@x", Pattern.CASE_INSENSITIVE), "m");

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
  }

  @Test
  void equals_differentFlags_isNotEqual() {
    PiiPattern plain = new PiiPattern("mail", Pattern.compile("[a-z]+@x"), "m");
    PiiPattern caseInsensitive = new PiiPattern("mail", Pattern.compile("[a-z]+@x", Pattern.CASE_INSENSITIVE), "m");

    assertThat(plain).isNotEqualTo(caseInsensitive);
    assertThat(caseInsensitive).isNotEqualTo(plain);
  }

  @Test
  void equals_differentRegex_isNotEqual() {
    assertThat(PiiPattern.of("card", "\\d{16}")).isNotEqualTo(PiiPattern.of("card", "\\d{15}"));
  }

  @Test
  void equals_differentName_isNotEqual() {
    assertThat(PiiPattern.of("card", "\\d{16}")).isNotEqualTo(PiiPattern.of("pan", "\\d{16}"));
  }

  @Test
  void equals_differentReplacement_isNotEqual() {
    assertThat(PiiPattern.of("card", "\\d{16}")).isNotEqualTo(PiiPattern.of("card", "\\d{16}", "****"));
  }

  @Test
  void equals_sameInstance_isEqual() {
    PiiPattern rule = PiiPattern.of("card", "\\d{16}");

    assertThat(rule.equals(rule)).isTrue();
  }

  @Test
  void equals_nullOrOtherType_isNotEqual() {
    PiiPattern rule = PiiPattern.of("card", "\\d{16}");

    assertThat(rule.equals(null)).isFalse();
    assertThat(rule.equals("card")).isFalse();
  }

  @Test
  void toString_showsNameRegexTextAndReplacement() {
    assertThat(PiiPattern.of("card", "\\d{16}"))
        .hasToString("PiiPattern{name=card, pattern=\\d{16}, replacement=[REDACTED]}");
  }
}
