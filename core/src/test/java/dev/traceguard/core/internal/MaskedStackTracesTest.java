package dev.traceguard.core.internal;

import static dev.traceguard.core.internal.StackTraceFixtures.recordedIn;
import static dev.traceguard.core.internal.StackTraceFixtures.thrownAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.StackTraceMode;
import dev.traceguard.core.internal.pii.ScanningPiiMasker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Masking rendered stack traces: headers every time, each block of frames once while kept, cut after masking. */
class MaskedStackTracesTest {
  private static final int LIMIT = 4096;

  private final StackTraceRenderer sanitized = new StackTraceRenderer(StackTraceMode.SANITIZED, 2);

  @Test
  void mask_sameFramesOtherMessage_framesMaskedOnceMessageEachTime() {
    List<String> masked = new ArrayList<>();
    MaskedStackTraces masking = new MaskedStackTraces(
        recordedIn(masked, text -> text.replace("alice", "*****").replace("bob", "***")), LIMIT);

    String first = masking.mask(sanitized.render(thrownAt(7, "no account for alice")));
    String second = masking.mask(sanitized.render(thrownAt(7, "no account for bob")));

    assertThat(first).isEqualTo(StackTraces.sanitized(thrownAt(7, "no account for *****"), 2));
    assertThat(second).isEqualTo(StackTraces.sanitized(thrownAt(7, "no account for ***"), 2));
    assertThat(masked).containsExactly(
        "java.lang.IllegalStateException: no account for alice\n",
        "\tat com.example.Users.find(Users.java:7)\n\tat com.example.UserResource.get(UserResource.java:12)\n"
            + "\t... 1 more\n",
        "java.lang.IllegalStateException: no account for bob\n");
    assertThat(masking.cachedBlocks()).isEqualTo(1);
  }

  @Test
  void mask_framesDifferingInALineOrInTheirNumber_eachBlockMaskedForItself() {
    List<String> masked = new ArrayList<>();
    MaskedStackTraces masking = new MaskedStackTraces(recordedIn(masked), LIMIT);
    IllegalStateException fewer = thrownAt(7, "m");
    fewer.setStackTrace(Arrays.copyOf(fewer.getStackTrace(), 2));

    assertThat(masking.mask(sanitized.render(thrownAt(7, "m")))).contains("Users.java:7").contains("\t... 1 more\n");
    assertThat(masking.mask(sanitized.render(thrownAt(8, "m")))).contains("Users.java:8");
    assertThat(masking.mask(sanitized.render(fewer))).contains("Users.java:7").doesNotContain("more");

    assertThat(masking.cachedBlocks()).isEqualTo(3);
    assertThat(masked).hasSize(6);
  }

  @Test
  void mask_causeChain_everyHeaderAndBlockMasked() {
    IllegalStateException error = new IllegalStateException("outer alice", thrownAt(3, "inner alice"));
    MaskedStackTraces masking = new MaskedStackTraces(text -> text.replace("alice", "*****"), LIMIT);

    assertThat(masking.mask(sanitized.render(error))).startsWith("java.lang.IllegalStateException: outer *****\n")
        .contains("Caused by: java.lang.IllegalStateException: inner *****\n\tat com.example.Users.find")
        .doesNotContain("alice");
  }

  @Test
  void mask_limitInsideAnEmail_maskedBeforeItIsCut() {
    String header = "java.lang.IllegalStateException: no account for ";
    ScanningPiiMasker masker = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());
    MaskedStackTraces masking = new MaskedStackTraces(masker::mask, header.length() + 9);

    // Cut first, "alice.smi" would no longer look like an email and would be exported as it is.
    assertThat(masking.mask(sanitized.render(thrownAt(7, "no account for alice.smith@example.com"))))
        .isEqualTo(header + "a***@exam");
  }

  @Test
  void mask_moreDistinctBlocksThanKept_leastRecentlyUsedDropped() {
    List<String> masked = new ArrayList<>();
    MaskedStackTraces masking = new MaskedStackTraces(recordedIn(masked), LIMIT);
    for (int line = 0; line <= MaskedStackTraces.CACHED_BLOCKS; line++) {
      masking.mask(sanitized.render(thrownAt(line, "m")));
    }
    masked.clear();

    masking.mask(sanitized.render(thrownAt(MaskedStackTraces.CACHED_BLOCKS, "m"))); // kept: the most recent
    masking.mask(sanitized.render(thrownAt(0, "m"))); // dropped: the least recently used

    assertThat(masking.cachedBlocks()).isEqualTo(MaskedStackTraces.CACHED_BLOCKS);
    assertThat(masked).filteredOn(text -> text.startsWith("\tat")).hasSize(1)
        .allSatisfy(text -> assertThat(text).contains("Users.java:0)"));
  }

  @Test
  void mask_maskThrows_thrownToTheCallerNotSwallowed() {
    IllegalArgumentException failure = new IllegalArgumentException("mask failed");
    MaskedStackTraces masking = new MaskedStackTraces(text -> {
      throw failure;
    }, LIMIT);

    assertThatThrownBy(() -> masking.mask(sanitized.render(thrownAt(1, "m")))).isSameAs(failure);
    assertThatThrownBy(() -> masking.mask(new StackTraceRenderer(StackTraceMode.FULL, 2).render(thrownAt(1, "m"))))
        .isSameAs(failure);
  }

  @Test
  void mask_fullMode_wholeTextMaskedAtOnce() {
    List<String> masked = new ArrayList<>();
    IllegalStateException error = thrownAt(5, "m");

    String text = new MaskedStackTraces(recordedIn(masked), LIMIT)
        .mask(new StackTraceRenderer(StackTraceMode.FULL, 2).render(error));

    assertThat(text).isEqualTo(StackTraces.full(error));
    assertThat(masked).containsExactly(StackTraces.full(error));
  }

  @Test
  void create_lengthNotPositive_refusedNamingIt() {
    assertThatThrownBy(() -> new MaskedStackTraces(text -> text, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxLength must be positive, was 0");
  }
}
