package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  @Test
  void constructor_validFields_keepsThem() {
    TraceParent traceParent = new TraceParent(0, TRACE_ID, PARENT_ID, 1);

    assertThat(traceParent.version()).isZero();
    assertThat(traceParent.traceId()).isEqualTo(TRACE_ID);
    assertThat(traceParent.parentId()).isEqualTo(PARENT_ID);
    assertThat(traceParent.flags()).isEqualTo(1);
  }

  @Test
  void constructor_extremeValidValues_areAccepted() {
    TraceParent traceParent = new TraceParent(254, "0000000000000000000000000000000f", "f000000000000000", 255);

    assertThat(traceParent.version()).isEqualTo(254);
    assertThat(traceParent.flags()).isEqualTo(255);
  }

  @Test
  void isSampled_flagsOne_isTrue() {
    assertThat(new TraceParent(0, TRACE_ID, PARENT_ID, 0x01).isSampled()).isTrue();
  }

  @Test
  void isSampled_flagsZero_isFalse() {
    assertThat(new TraceParent(0, TRACE_ID, PARENT_ID, 0x00).isSampled()).isFalse();
  }

  @Test
  void isSampled_otherBitsOnly_isFalse() {
    assertThat(new TraceParent(0, TRACE_ID, PARENT_ID, 0xfe).isSampled()).isFalse();
  }

  @Test
  void isSampled_sampledBitAmongOthers_isTrue() {
    assertThat(new TraceParent(0, TRACE_ID, PARENT_ID, 0xff).isSampled()).isTrue();
  }

  @Test
  void toHeader_version0Flags1_padsBothToTwoDigits() {
    assertThat(new TraceParent(0, TRACE_ID, PARENT_ID, 1).toHeader())
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }

  @Test
  void toHeader_flagsZero_isDoubleZero() {
    assertThat(new TraceParent(0, TRACE_ID, PARENT_ID, 0).toHeader())
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  }

  @Test
  void toHeader_flags0xff_isLowerCaseFf() {
    assertThat(new TraceParent(0, TRACE_ID, PARENT_ID, 0xff).toHeader())
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff");
  }

  @Test
  void toHeader_twoDigitValues_areNotPadded() {
    assertThat(new TraceParent(0x10, TRACE_ID, PARENT_ID, 0x2a).toHeader())
        .isEqualTo("10-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-2a");
  }

  @Test
  void toHeader_version254And10_areLowerCaseHex() {
    assertThat(new TraceParent(254, TRACE_ID, PARENT_ID, 10).toHeader())
        .isEqualTo("fe-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0a");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 255, 256, Integer.MIN_VALUE})
  void constructor_versionOutOfRange_throwsNamingVersion(int version) {
    assertThatThrownBy(() -> new TraceParent(version, TRACE_ID, PARENT_ID, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version must be in [0, 254], was " + version);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "4bf92f3577b34da6a3ce929d0e0e473", // 31 characters
      "4bf92f3577b34da6a3ce929d0e0e47360", // 33 characters
      "4BF92F3577B34DA6A3CE929D0E0E4736", // upper case
      "4bf92f3577b34da6a3ce929d0e0e473A", // one upper-case letter
      "00000000000000000000000000000000", // all zero
      "4bf92f3577b34da6a3ce929d0e0e473g", // not hex
      "4bf92f3577b34da6-3ce929d0e0e4736", // separator inside
      " 4bf92f3577b34da6a3ce929d0e0e473", // white space
  })
  void constructor_invalidTraceId_throwsNamingTraceId(String traceId) {
    assertThatThrownBy(() -> new TraceParent(0, traceId, PARENT_ID, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("traceId must be 32 lower-case hex characters, not all zero, was '" + traceId + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "00f067aa0ba902b", // 15 characters
      "00f067aa0ba902b70", // 17 characters
      "00F067AA0BA902B7", // upper case
      "00f067aa0ba902bA", // one upper-case letter
      "0000000000000000", // all zero
      "00f067aa0ba902bz", // not hex
      "4bf92f3577b34da6a3ce929d0e0e4736", // a trace id
  })
  void constructor_invalidParentId_throwsNamingParentId(String parentId) {
    assertThatThrownBy(() -> new TraceParent(0, TRACE_ID, parentId, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parentId must be 16 lower-case hex characters, not all zero, was '" + parentId + "'");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 256, Integer.MAX_VALUE})
  void constructor_flagsOutOfRange_throwsNamingFlags(int flags) {
    assertThatThrownBy(() -> new TraceParent(0, TRACE_ID, PARENT_ID, flags))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("flags must be in [0, 255], was " + flags);
  }

  @Test
  void constructor_nullTraceId_throwsNamingTraceId() {
    assertThatThrownBy(() -> new TraceParent(0, null, PARENT_ID, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("traceId");
  }

  @Test
  void constructor_nullParentId_throwsNamingParentId() {
    assertThatThrownBy(() -> new TraceParent(0, TRACE_ID, null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("parentId");
  }

  @Test
  void equals_sameFields_isEqualWithSameHashCode() {
    TraceParent first = new TraceParent(0, TRACE_ID, PARENT_ID, 1);
    TraceParent second = new TraceParent(0, new String(TRACE_ID), new String(PARENT_ID), 1);

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
  }

  @Test
  void equals_anyFieldDifferent_isNotEqual() {
    TraceParent base = new TraceParent(0, TRACE_ID, PARENT_ID, 1);

    assertThat(base)
        .isNotEqualTo(new TraceParent(1, TRACE_ID, PARENT_ID, 1))
        .isNotEqualTo(new TraceParent(0, "4bf92f3577b34da6a3ce929d0e0e4737", PARENT_ID, 1))
        .isNotEqualTo(new TraceParent(0, TRACE_ID, "00f067aa0ba902b8", 1))
        .isNotEqualTo(new TraceParent(0, TRACE_ID, PARENT_ID, 0));
  }

  @Test
  void toString_namesEveryField() {
    assertThat(new TraceParent(0, TRACE_ID, PARENT_ID, 1))
        .hasToString("TraceParent[version=0, traceId=4bf92f3577b34da6a3ce929d0e0e4736, parentId=00f067aa0ba902b7,"
            + " flags=1]");
  }
}
