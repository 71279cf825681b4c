package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.StackTraceMode;
import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rendering stage: stack traces the SDK left out rendered ahead of masking, everything else passed as it is. */
class RenderingSpanExporterTest {
  private final SdkTracerProvider provider;
  private final RecordingSpanExporter capture = new RecordingSpanExporter();
  private final RenderingSpanExporter exporter =
      RenderingSpanExporter.create(capture, new StackTraceRenderer(StackTraceMode.SANITIZED, 3));

  RenderingSpanExporterTest() {
    SdkTracerProviderBuilder builder = SdkTracerProvider.builder();
    DeferredStackTraces.install(builder);
    provider = builder.build();
  }

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void export_nothingToRender_theSameBatchAndSpans() {
    Span span = provider.get("t").spanBuilder("plain").startSpan();
    span.addEvent("note");
    span.end();
    List<SpanData> batch = List.of(((ReadableSpan) span).toSpanData());

    assertThat(exporter.export(batch).isSuccess()).isTrue();

    assertThat(capture.batches).singleElement().isSameAs(batch);
  }

  @Test
  void export_exceptionRecordedWithoutStackTrace_renderedWithoutTheThrowableOthersUntouched() {
    IllegalStateException error = new IllegalStateException("failed");
    Span failed = provider.get("t").spanBuilder("failed").startSpan();
    failed.recordException(error);
    failed.end();
    Span plain = provider.get("t").spanBuilder("plain").startSpan();
    plain.end();
    SpanData recorded = ((ReadableSpan) failed).toSpanData();
    SpanData untouched = ((ReadableSpan) plain).toSpanData();
    EventData live = recorded.getEvents().get(0);

    exporter.export(List.of(recorded, untouched));

    List<SpanData> handedOn = List.copyOf(capture.batches.get(0));
    assertThat(handedOn.get(1)).isSameAs(untouched);
    EventData event = handedOn.get(0).getEvents().get(0);
    assertThat(event).isInstanceOf(RenderingSpanExporter.RenderedExceptionEvent.class)
        .isNotInstanceOf(ExceptionEventData.class);
    RenderingSpanExporter.RenderedExceptionEvent rendered = (RenderingSpanExporter.RenderedExceptionEvent) event;
    assertThat(rendered.recordedAttributes()).isEqualTo(live.getAttributes());
    assertThat(rendered.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE))
        .isEqualTo(StackTraces.sanitized(error, 3));
    assertThat(rendered.getTotalAttributeCount()).isEqualTo(live.getTotalAttributeCount() + 1);
    assertThat(rendered.getName()).isEqualTo(live.getName());
    assertThat(rendered.getEpochNanos()).isEqualTo(live.getEpochNanos());
  }

  @Test
  void export_throwableThatCannotBeRendered_eventLeftAsRecorded() {
    RuntimeException broken = new RuntimeException("m") {
      @Override
      public StackTraceElement[] getStackTrace() {
        throw new IllegalStateException("no frames");
      }
    };
    Span span = provider.get("t").spanBuilder("failed").startSpan();
    span.recordException(broken);
    span.end();
    SpanData recorded = ((ReadableSpan) span).toSpanData();

    exporter.export(List.of(recorded));

    assertThat(capture.batches.get(0)).singleElement().isSameAs(recorded);
  }

  @Test
  void flushAndShutdown_handedToTheDelegate() {
    assertThat(exporter.flush().isSuccess()).isTrue();
    assertThat(exporter.shutdown().isSuccess()).isTrue();

    assertThat(capture.flushes).isEqualTo(1);
    assertThat(capture.shutdowns).isEqualTo(1);
    assertThat(exporter.toString()).contains("RenderingSpanExporter");
  }
}
