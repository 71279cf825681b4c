package dev.traceguard.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathTemplatesTest {

  @Test
  void pattern_plainVariable_matchesOneSegment() {
    assertThat(PathTemplates.pattern("items/{id}").matcher("items/42").matches()).isTrue();
    assertThat(PathTemplates.pattern("items/{id}").matcher("items/4/2").matches()).isFalse();
    assertThat(PathTemplates.pattern("items/{id}").matcher("archive/42").matches()).isFalse();
  }

  @Test
  void pattern_variableWithRegexHoldingBraces_usesTheRegex() {
    assertThat(PathTemplates.pattern("{year: [0-9]{4}}/{rest: .+}").matcher("2026/a/b").matches()).isTrue();
    assertThat(PathTemplates.pattern("{year: [0-9]{4}}/{rest: .+}").matcher("26/a/b").matches()).isFalse();
  }

  @Test
  void pattern_literalWithRegexCharacters_matchedAsText() {
    assertThat(PathTemplates.pattern("v1.0+/{id}").matcher("v1.0+/3").matches()).isTrue();
    assertThat(PathTemplates.pattern("v1.0+/{id}").matcher("v1x00/3").matches()).isFalse();
  }

  @Test
  void pattern_unclosedBraceOrInvalidRegex_matchesNothing() {
    assertThat(PathTemplates.pattern("items/{id").matcher("items/{id").matches()).isFalse();
    assertThat(PathTemplates.pattern("items/{id: [}").matcher("items/x").matches()).isFalse();
  }

  @Test
  void pattern_sameTemplate_compiledOnce() {
    assertThat(PathTemplates.pattern("a/{b}")).isSameAs(PathTemplates.pattern("a/{b}"));
  }
}
