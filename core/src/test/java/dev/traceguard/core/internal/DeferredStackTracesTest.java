package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.StackTraceMode;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.internal.pii.ScanningPiiMasker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The stack trace of a recorded exception is rendered on the export path, never on the recording thread. */
class DeferredStackTracesTest {

  private static TracingConfig.Builder config() {
    return TracingConfig.builder().setServiceName("deferred-test").setExporters(List.of())
        .setScheduleDelay(Duration.ofMinutes(10));
  }

  @Test
  void record_runtimeSpan_noStackTraceUntilExportThenSanitizedAndMasked() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TracingRuntime runtime = TracingRuntime.create(config().build(), List.of(exporter)).start()) {
      Span span = runtime.tracer().spanBuilder("work").startSpan();
      IllegalStateException error = new IllegalStateException("no account for alice.smith@example.com");
      runtime.exceptionTracer().record(span, SpanKind.INTERNAL, error);

      EventData live = ((ReadableSpan) span).toSpanData().getEvents().get(0);
      assertThat(live).isInstanceOf(ExceptionEventData.class);
      assertThat(live.getAttributes().get(TraceguardAttributes.EXCEPTION_TYPE))
          .isEqualTo(IllegalStateException.class.getName());
      assertThat(live.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE)).isNull();
      span.end();
      runtime.forceFlush(Duration.ofSeconds(5));

      EventData exported = exporter.getFinishedSpanItems().get(0).getEvents().get(0);
      String stackTrace = exported.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE);
      assertThat(exported).isNotInstanceOf(ExceptionEventData.class); // the Throwable stays in the process
      assertThat(stackTrace).startsWith("java.lang.IllegalStateException: no account for a***@example.com\n")
          .contains("\tat " + DeferredStackTracesTest.class.getName() + ".record_runtimeSpan")
          .doesNotContain("alice.smith");
      assertThat(exported.getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE))
          .isEqualTo("no account for a***@example.com");
      assertThat(exported.getTotalAttributeCount()).isEqualTo(live.getTotalAttributeCount() + 1);
    }
  }

  @Test
  void record_stackTraceLongerThanTheLimit_cutAtTheLimit() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TracingRuntime runtime = TracingRuntime.create(
        config().setAttributeValueLengthLimit(120).build(), List.of(exporter)).start()) {
      Span span = runtime.tracer().spanBuilder("work").startSpan();
      runtime.exceptionTracer().record(span, SpanKind.INTERNAL, new IllegalStateException("failed"));
      span.end();
      runtime.forceFlush(Duration.ofSeconds(5));

      assertThat(exporter.getFinishedSpanItems().get(0).getEvents().get(0).getAttributes()
          .get(TraceguardAttributes.EXCEPTION_STACKTRACE)).hasSize(120)
          .startsWith("java.lang.IllegalStateException: failed\n");
    }
  }

  @Test
  void record_modeNone_noStackTraceExported() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TracingRuntime runtime = TracingRuntime.create(
        config().setStackTraceMode(StackTraceMode.NONE).build(), List.of(exporter)).start()) {
      Span span = runtime.tracer().spanBuilder("work").startSpan();
      runtime.exceptionTracer().record(span, SpanKind.INTERNAL, new IllegalStateException("failed"));
      span.end();
      runtime.forceFlush(Duration.ofSeconds(5));

      EventData exported = exporter.getFinishedSpanItems().get(0).getEvents().get(0);
      assertThat(exported.getAttributes().get(TraceguardAttributes.EXCEPTION_TYPE))
          .isEqualTo(IllegalStateException.class.getName());
      assertThat(exported.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE)).isNull();
    }
  }

  @Test
  void render_identityMaskEachMode_asStackTracesRendersIt() {
    IllegalStateException error = new IllegalStateException("failed");

    assertThat(unmasked(config().setMaxStackFrames(2)).render(error)).isEqualTo(StackTraces.sanitized(error, 2));
    // A test's whole stack runs past the default 4,096 characters: the limit is raised so that nothing is cut.
    assertThat(unmasked(config().setStackTraceMode(StackTraceMode.FULL).setAttributeValueLengthLimit(1 << 20))
        .render(error)).isEqualTo(StackTraces.full(error));
    assertThat(unmasked(config().setStackTraceMode(StackTraceMode.NONE)).render(error)).isNull();
  }

  private static DeferredStackTraces.Renderer unmasked(TracingConfig.Builder config) {
    return DeferredStackTraces.forConfig(config.build()).masking(UnaryOperator.identity());
  }

  @Test
  void resolver_throwingMessage_typeOnlyAndNeverTheStackTrace() {
    Map<AttributeKey<?>, Object> written = new HashMap<>();
    RuntimeException broken = new RuntimeException() {
      @Override
      public String getMessage() {
        throw new IllegalStateException("no message");
      }
    };

    DeferredStackTraces.TYPE_AND_MESSAGE.setExceptionAttributes(written::put, broken, 4096);
    DeferredStackTraces.TYPE_AND_MESSAGE.setExceptionAttributes(written::put, new IllegalStateException("m"), 4096);

    assertThat(written).containsOnlyKeys(TraceguardAttributes.EXCEPTION_TYPE, TraceguardAttributes.EXCEPTION_MESSAGE);
    assertThat(written.get(TraceguardAttributes.EXCEPTION_MESSAGE)).isEqualTo("m");
  }

  private static IllegalStateException thrownAt(int line, String message) {
    IllegalStateException error = new IllegalStateException(message);
    error.setStackTrace(new StackTraceElement[] {
      new StackTraceElement("com.example.Users", "find", "Users.java", line),
      new StackTraceElement("com.example.UserResource", "get", "UserResource.java", 12),
      new StackTraceElement("com.example.Server", "handle", "Server.java", 99)
    });
    return error;
  }

  /** A mask that returns what {@code mask} does and records every text it was given in {@code masked}. */
  private static UnaryOperator<String> recordedIn(List<String> masked, UnaryOperator<String> mask) {
    return text -> {
      masked.add(text);
      return mask.apply(text);
    };
  }

  private static UnaryOperator<String> recordedIn(List<String> masked) {
    return recordedIn(masked, UnaryOperator.identity());
  }

  @Test
  void masking_sameFramesOtherMessage_framesMaskedOnceMessageEachTime() {
    List<String> masked = new ArrayList<>();
    DeferredStackTraces.Renderer renderer = DeferredStackTraces.forConfig(config().setMaxStackFrames(2).build())
        .masking(recordedIn(masked, text -> text.replace("alice", "*****").replace("bob", "***")));

    String first = renderer.render(thrownAt(7, "no account for alice"));
    String second = renderer.render(thrownAt(7, "no account for bob"));

    assertThat(first).isEqualTo(StackTraces.sanitized(thrownAt(7, "no account for *****"), 2));
    assertThat(second).isEqualTo(StackTraces.sanitized(thrownAt(7, "no account for ***"), 2));
    assertThat(masked).containsExactly(
        "java.lang.IllegalStateException: no account for alice\n",
        "\tat com.example.Users.find(Users.java:7)\n\tat com.example.UserResource.get(UserResource.java:12)\n"
            + "\t... 1 more\n",
        "java.lang.IllegalStateException: no account for bob\n");
    assertThat(renderer.cachedBlocks()).isEqualTo(1);
  }

  @Test
  void masking_framesDifferingInALineOrInTheirNumber_eachBlockMaskedForItself() {
    List<String> masked = new ArrayList<>();
    DeferredStackTraces.Renderer renderer = DeferredStackTraces.forConfig(config().setMaxStackFrames(2).build())
        .masking(recordedIn(masked));
    IllegalStateException fewer = thrownAt(7, "m");
    fewer.setStackTrace(Arrays.copyOf(fewer.getStackTrace(), 2));

    assertThat(renderer.render(thrownAt(7, "m"))).contains("Users.java:7").contains("\t... 1 more\n");
    assertThat(renderer.render(thrownAt(8, "m"))).contains("Users.java:8");
    assertThat(renderer.render(fewer)).contains("Users.java:7").doesNotContain("more");

    assertThat(renderer.cachedBlocks()).isEqualTo(3);
    assertThat(masked).hasSize(6);
  }

  @Test
  void masking_causeChain_everyHeaderAndBlockMasked() {
    IllegalStateException error = new IllegalStateException("outer alice", thrownAt(3, "inner alice"));
    DeferredStackTraces.Renderer renderer = DeferredStackTraces.forConfig(config().setMaxStackFrames(2).build())
        .masking(text -> text.replace("alice", "*****"));

    assertThat(renderer.render(error)).startsWith("java.lang.IllegalStateException: outer *****\n")
        .contains("Caused by: java.lang.IllegalStateException: inner *****\n\tat com.example.Users.find")
        .doesNotContain("alice");
  }

  @Test
  void masking_limitInsideAnEmail_maskedBeforeItIsCut() {
    String header = "java.lang.IllegalStateException: no account for ";
    ScanningPiiMasker masker = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());
    DeferredStackTraces.Renderer renderer = DeferredStackTraces.forConfig(
        config().setAttributeValueLengthLimit(header.length() + 9).build()).masking(masker::mask);

    // Cut first, "alice.smi" would no longer look like an email and would be exported as it is.
    assertThat(renderer.render(thrownAt(7, "no account for alice.smith@example.com")))
        .isEqualTo(header + "a***@exam");
  }

  @Test
  void masking_moreDistinctBlocksThanKept_leastRecentlyUsedDropped() {
    List<String> masked = new ArrayList<>();
    DeferredStackTraces.Renderer renderer = DeferredStackTraces.forConfig(config().build()).masking(recordedIn(masked));
    for (int line = 0; line <= DeferredStackTraces.CACHED_BLOCKS; line++) {
      renderer.render(thrownAt(line, "m"));
    }
    masked.clear();

    renderer.render(thrownAt(DeferredStackTraces.CACHED_BLOCKS, "m")); // kept: the most recent
    renderer.render(thrownAt(0, "m")); // dropped: the least recently used

    assertThat(renderer.cachedBlocks()).isEqualTo(DeferredStackTraces.CACHED_BLOCKS);
    assertThat(masked).filteredOn(text -> text.startsWith("\tat")).hasSize(1)
        .allSatisfy(text -> assertThat(text).contains("Users.java:0)"));
  }

  @Test
  void masking_maskThrows_thrownToTheCallerNotSwallowed() {
    IllegalArgumentException failure = new IllegalArgumentException("mask failed");
    DeferredStackTraces.Renderer renderer = DeferredStackTraces.forConfig(config().build()).masking(text -> {
      throw failure;
    });

    assertThatThrownBy(() -> renderer.render(thrownAt(1, "m"))).isSameAs(failure);
    assertThatThrownBy(() -> DeferredStackTraces.forConfig(config().setStackTraceMode(StackTraceMode.FULL).build())
        .masking(text -> {
          throw failure;
        }).render(thrownAt(1, "m"))).isSameAs(failure);
  }

  @Test
  void masking_throwableThatCannotBeRendered_nullAndTheMaskNeverCalled() {
    List<String> masked = new ArrayList<>();
    RuntimeException broken = new RuntimeException() {
      @Override
      public StackTraceElement[] getStackTrace() {
        throw new IllegalStateException("no frames");
      }
    };

    assertThat(DeferredStackTraces.forConfig(config().build()).masking(recordedIn(masked)).render(broken)).isNull();
    assertThat(masked).isEmpty();
  }

  @Test
  void masking_fullMode_wholeTextMaskedAtOnce() {
    List<String> masked = new ArrayList<>();
    IllegalStateException error = thrownAt(5, "m");
    DeferredStackTraces.Renderer renderer = DeferredStackTraces.forConfig(
        config().setStackTraceMode(StackTraceMode.FULL).build()).masking(recordedIn(masked));

    assertThat(renderer.render(error)).isEqualTo(StackTraces.full(error));
    assertThat(masked).containsExactly(StackTraces.full(error));
  }
}
