package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentelemetry.api.trace.TraceState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class W3CTraceStateTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "foo", "foo@", "foo@@bar", "a_b-c*d/e@f", "9lives"})
  void isValidKey_grammarKey_true(String key) {
    assertThat(W3CTraceState.isValidKey(key, 0, key.length())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "@foo", "Foo", "fOo", "_foo", "foo.bar", "foo bar", "foo=", "fo,o"})
  void isValidKey_notGrammarKey_false(String key) {
    assertThat(W3CTraceState.isValidKey(key, 0, key.length())).isFalse();
  }

  @Test
  void isValidKey_lengthLimit_256KeptAnd257Refused() {
    assertThat(W3CTraceState.isValidKey("k".repeat(256), 0, 256)).isTrue();
    assertThat(W3CTraceState.isValidKey("k".repeat(257), 0, 257)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", " x", "a b", "!\"#$%&'()*+-./:;<>?[]^`{|}~", "t61rcWkgMzE"})
  void isValidValue_printableWithoutCommaOrEquals_true(String value) {
    assertThat(W3CTraceState.isValidValue(value, 0, value.length())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x ", "a,b", "a=b", "a\tb", "caf\u00e9", "\u007f"})
  void isValidValue_emptyTrailingSpaceOrForbiddenCharacter_false(String value) {
    assertThat(W3CTraceState.isValidValue(value, 0, value.length())).isFalse();
  }

  @Test
  void isValidValue_lengthLimit_256KeptAnd257Refused() {
    assertThat(W3CTraceState.isValidValue("v".repeat(256), 0, 256)).isTrue();
    assertThat(W3CTraceState.isValidValue("v".repeat(257), 0, 257)).isFalse();
  }

  @Test
  void of_keysTheApiAccepts_theApisOwnTraceState() {
    TraceState state = W3CTraceState.of(List.of("rojo", "congo"), List.of("1", "2"));

    assertThat(state).isNotInstanceOf(W3CTraceState.class)
        .isEqualTo(TraceState.builder().put("congo", "2").put("rojo", "1").build());
  }

  @Test
  void of_keyTheApiRefuses_membersKeptInOrder() {
    TraceState state = W3CTraceState.of(List.of("foo@", "bar"), List.of("1", "2"));

    assertThat(state).isInstanceOf(W3CTraceState.class);
    assertThat(state.asMap()).containsExactly(entry("foo@", "1"), entry("bar", "2"));
    assertThat(state.get("foo@")).isEqualTo("1");
    assertThat(state.get("baz")).isNull();
    assertThat(state.size()).isEqualTo(2);
    assertThat(state.isEmpty()).isFalse();
    List<String> seen = new ArrayList<>();
    state.forEach((k, v) -> seen.add(k + "=" + v));
    assertThat(seen).containsExactly("foo@=1", "bar=2");
    assertThat(state).hasToString("W3CTraceState{foo@=1, bar=2}")
        .isEqualTo(W3CTraceState.of(List.of("foo@", "bar"), List.of("1", "2")))
        .hasSameHashCodeAs(W3CTraceState.of(List.of("foo@", "bar"), List.of("1", "2")))
        .isNotEqualTo(W3CTraceState.of(List.of("foo@", "bar"), List.of("1", "3")));
  }

  @Test
  void of_noMembers_theDefaultTraceState() {
    assertThat(W3CTraceState.of(List.of(), List.of())).isSameAs(TraceState.getDefault());
  }

  @Test
  void toBuilder_putExistingKey_movedToTheFrontWithItsNewValue() {
    TraceState state = W3CTraceState.of(List.of("foo@", "bar", "baz"), List.of("1", "2", "3"));

    TraceState changed = state.toBuilder().put("baz", "9").build();

    assertThat(changed.asMap()).containsExactly(entry("baz", "9"), entry("foo@", "1"), entry("bar", "2"));
  }

  @Test
  void toBuilder_putInvalidKeyOrValue_ignored() {
    TraceState state = W3CTraceState.of(List.of("foo@"), List.of("1"));

    TraceState changed = state.toBuilder().put("Bad", "1").put("ok", "a,b").build();

    assertThat(changed.asMap()).containsExactly(entry("foo@", "1"));
  }

  @Test
  void toBuilder_putBeyond32Members_ignoredAndRemoveFreesRoom() {
    List<String> keys = IntStream.range(0, 32).mapToObj(i -> i == 0 ? "k0@" : "k" + i).collect(Collectors.toList());
    List<String> values = IntStream.range(0, 32).mapToObj(Integer::toString).collect(Collectors.toList());
    TraceState full = W3CTraceState.of(keys, values);

    assertThat(full.toBuilder().put("extra", "1").build().get("extra")).isNull();
    TraceState room = full.toBuilder().remove("k5").put("extra", "1").build();
    assertThat(room.size()).isEqualTo(32);
    assertThat(room.asMap().keySet()).first().isEqualTo("extra");
  }

  @Test
  void toBuilder_removeEveryMember_emptyTraceState() {
    TraceState state = W3CTraceState.of(List.of("foo@"), List.of("1"));

    assertThat(state.toBuilder().remove("foo@").remove("absent").build().isEmpty()).isTrue();
  }
}
