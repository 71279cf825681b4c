package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.OtlpJsonLines;
import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeepErrorsSampler} and {@link KeepErrorsSpanProcessor}, alone and as {@link AutoconfiguredSdk} wires them. */
class KeepErrorsTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String REMOTE_PARENT_ID = "00f067aa0ba902b7";

  @TempDir Path tempDir;

  /** A sampler answering the same result every time. */
  private static final class FixedSampler implements Sampler {
    private final SamplingResult result;

    FixedSampler(SamplingResult result) {
      this.result = result;
    }

    @Override
    public SamplingResult shouldSample(
        Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
        List<LinkData> parentLinks) {
      return result;
    }

    @Override
    public String getDescription() {
      return "Fixed";
    }
  }

  private static SamplingResult sample(Sampler sampler) {
    return sampler.shouldSample(Context.root(), TRACE_ID, "op", SpanKind.INTERNAL, Attributes.empty(), List.of());
  }

  private TracingConfig config(Path file, boolean keepErrors) {
    return TracingConfig.builder()
        .setServiceName("keep-errors")
        .setSamplingRatio(0.0)
        .setParentBased(true)
        .setKeepErrors(keepErrors)
        .setExporters(List.of("file"))
        .setFilePath(file)
        .setScheduleDelay(Duration.ofMinutes(10))
        .build();
  }

  /** Ends one span of each kind that matters, flushes, and returns every exported span's scalar fields. */
  private static List<Map<String, String>> exportedSpans(TracingConfig config) throws IOException {
    ExportCounters counters = new ExportCounters("keep-errors");
    ExportLedger ledger = new ExportLedger("keep-errors", counters, new QueueDropMonitor(counters));
    OpenTelemetrySdk sdk = AutoconfiguredSdk.build(config, ledger, List.of(),
        AutoconfiguredSdk.masker(config), KeepErrorsTest.class.getClassLoader());
    try {
      Tracer tracer = sdk.getTracer("keep-errors-test");

      Span errorStatus = tracer.spanBuilder("error-status").startSpan();
      errorStatus.setStatus(StatusCode.ERROR);
      errorStatus.end();

      Span exceptionEvent = tracer.spanBuilder("exception-event").startSpan();
      exceptionEvent.recordException(new IllegalStateException("boom"));
      exceptionEvent.end();

      Span errorType = tracer.spanBuilder("error-type").startSpan();
      errorType.setAttribute(TraceguardAttributes.ERROR_TYPE, "timeout");
      errorType.end();

      Span otherEvent = tracer.spanBuilder("other-event").startSpan();
      otherEvent.addEvent("cache-miss");
      otherEvent.end();

      Span ok = tracer.spanBuilder("plain-ok").startSpan();
      ok.setStatus(StatusCode.OK);
      ok.end();

      tracer.spanBuilder("plain-unset").startSpan().end();

      SpanContext sampledParent = SpanContext.createFromRemoteParent(
          TRACE_ID, REMOTE_PARENT_ID, TraceFlags.getSampled(), TraceState.getDefault());
      tracer.spanBuilder("sampled-child").setParent(Context.root().with(Span.wrap(sampledParent))).startSpan().end();

      assertThat(sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      sdk.getSdkTracerProvider().shutdown().join(10, TimeUnit.SECONDS);
      sdk.getSdkMeterProvider().shutdown().join(10, TimeUnit.SECONDS);
    }
    Path file = config.filePath();
    List<Map<String, String>> spans = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        spans.addAll(OtlpJsonLines.spans(line));
      }
    }
    return spans;
  }

  private static Map<String, String> named(List<Map<String, String>> spans, String name) {
    return spans.stream().filter(span -> name.equals(span.get("name"))).findFirst().orElseThrow();
  }

  /** The W3C sampled flag, bit 0 of OTLP's span flags. */
  private static boolean sampledFlag(Map<String, String> span) {
    return (Integer.parseInt(span.get("flags")) & TraceFlags.getSampled().asByte()) != 0;
  }

  @Test
  void pipeline_ratioZeroKeepErrors_exportsErrorSpansAndSampledSpansOnly() throws IOException {
    List<Map<String, String>> spans = exportedSpans(config(tempDir.resolve("spans.jsonl"), true));

    assertThat(spans).extracting(span -> span.get("name"))
        .containsExactlyInAnyOrder("error-status", "exception-event", "error-type", "sampled-child");
  }

  @Test
  void pipeline_ratioZeroKeepErrors_keptErrorSpansStayUnsampled() throws IOException {
    List<Map<String, String>> spans = exportedSpans(config(tempDir.resolve("spans.jsonl"), true));

    assertThat(sampledFlag(named(spans, "error-status"))).isFalse();
    assertThat(sampledFlag(named(spans, "exception-event"))).isFalse();
    assertThat(sampledFlag(named(spans, "error-type"))).isFalse();
    assertThat(sampledFlag(named(spans, "sampled-child"))).isTrue();
    assertThat(named(spans, "sampled-child")).containsEntry("parentSpanId", REMOTE_PARENT_ID);
  }

  @Test
  void pipeline_ratioZeroWithoutKeepErrors_exportsOnlySampledSpans() throws IOException {
    List<Map<String, String>> spans = exportedSpans(config(tempDir.resolve("spans.jsonl"), false));

    assertThat(spans).extracting(span -> span.get("name")).containsExactly("sampled-child");
  }

  @Test
  void shouldSample_delegateDrops_recordsOnly() {
    KeepErrorsSampler sampler = new KeepErrorsSampler(Sampler.alwaysOff());

    SamplingResult result = sample(sampler);

    assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_ONLY);
    assertThat(result.getAttributes()).isEqualTo(Attributes.empty());
  }

  @Test
  void shouldSample_delegateSamples_returnsDelegateResultUnchanged() {
    SamplingResult sampled = SamplingResult.create(
        SamplingDecision.RECORD_AND_SAMPLE, Attributes.of(AttributeKey.stringKey("sampler"), "ratio"));
    KeepErrorsSampler sampler = new KeepErrorsSampler(new FixedSampler(sampled));

    assertThat(sample(sampler)).isSameAs(sampled);
  }

  @Test
  void shouldSample_delegateRecordsOnly_returnsDelegateResultUnchanged() {
    SamplingResult recordOnly = SamplingResult.create(SamplingDecision.RECORD_ONLY);
    KeepErrorsSampler sampler = new KeepErrorsSampler(new FixedSampler(recordOnly));

    assertThat(sample(sampler)).isSameAs(recordOnly);
  }

  @Test
  void getDescription_wrapsDelegateDescription() {
    assertThat(new KeepErrorsSampler(Sampler.traceIdRatioBased(0.25)).getDescription())
        .isEqualTo("KeepErrors{TraceIdRatioBased{0.250000}}");
  }
}
