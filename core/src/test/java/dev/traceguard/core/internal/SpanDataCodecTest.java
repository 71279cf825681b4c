package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanDataCodecTest {

  /** Spans with every kind of field the SDK records, ended by the SDK itself. */
  static List<SpanData> richSpans() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "codec"),
        "https://opentelemetry.io/schemas/1.26.0");
    try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
      var tracer = provider.tracerBuilder("codec-scope").setInstrumentationVersion("1.2.3")
          .setSchemaUrl("https://example.test/schema").build();
      SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
          "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.builder().put("tg", "v=1").put("x", "y").build());
      Span span = tracer.spanBuilder("GET /users/{id}")
          .setParent(Context.root().with(Span.wrap(remote)))
          .setSpanKind(SpanKind.SERVER)
          .setAttribute("http.request.method", "GET")
          .setAttribute("http.response.status_code", 500L)
          .setAttribute("ratio", 0.25)
          .setAttribute("retried", true)
          .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "é", "".repeat(0) + "x".repeat(70_000)))
          .setAttribute(AttributeKey.booleanArrayKey("flags"), List.of(true, false))
          .setAttribute(AttributeKey.longArrayKey("sizes"), List.of(1L, 2L))
          .setAttribute(AttributeKey.doubleArrayKey("weights"), List.of(0.5, 1.5))
          .addLink(SpanContext.create("11111111111111111111111111111111", "2222222222222222", TraceFlags.getDefault(),
              TraceState.getDefault()), Attributes.of(AttributeKey.stringKey("link"), "l"))
          .startSpan();
      span.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.message"), "[REDACTED]"));
      span.setStatus(StatusCode.ERROR, "boom");
      span.end();
      tracer.spanBuilder("child").setSpanKind(SpanKind.INTERNAL).startSpan().end();
      return memory.getFinishedSpanItems();
    }
  }

  private static byte[] written(List<SpanData> spans) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      SpanDataCodec.write(spans, out);
    }
    return bytes.toByteArray();
  }

  private static DataInputStream in(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  @Test
  void read_whatWasWritten_everyFieldEqual() throws IOException {
    List<SpanData> spans = richSpans();

    List<SpanData> back = SpanDataCodec.read(in(written(spans)));

    assertThat(back).hasSize(2);
    for (int i = 0; i < spans.size(); i++) {
      SpanData original = spans.get(i);
      SpanData read = back.get(i);
      assertThat(read.getResource()).isEqualTo(original.getResource());
      assertThat(read.getInstrumentationScopeInfo()).isEqualTo(original.getInstrumentationScopeInfo());
      assertThat(read.getSpanContext()).isEqualTo(original.getSpanContext());
      assertThat(read.getParentSpanContext()).isEqualTo(original.getParentSpanContext());
      assertThat(read.getParentSpanContext().isRemote()).isEqualTo(original.getParentSpanContext().isRemote());
      assertThat(read.getParentSpanContext().getTraceState()).isEqualTo(original.getParentSpanContext().getTraceState());
      assertThat(read.getName()).isEqualTo(original.getName());
      assertThat(read.getKind()).isEqualTo(original.getKind());
      assertThat(read.getStartEpochNanos()).isEqualTo(original.getStartEpochNanos());
      assertThat(read.getEndEpochNanos()).isEqualTo(original.getEndEpochNanos());
      assertThat(read.getAttributes().asMap()).isEqualTo(original.getAttributes().asMap());
      assertThat(read.getTotalAttributeCount()).isEqualTo(original.getTotalAttributeCount());
      assertThat(read.getEvents()).usingRecursiveFieldByFieldElementComparator().isEqualTo(original.getEvents());
      assertThat(read.getTotalRecordedEvents()).isEqualTo(original.getTotalRecordedEvents());
      assertThat(read.getLinks()).usingRecursiveFieldByFieldElementComparator().isEqualTo(original.getLinks());
      assertThat(read.getTotalRecordedLinks()).isEqualTo(original.getTotalRecordedLinks());
      assertThat(read.getStatus()).isEqualTo(original.getStatus());
      assertThat(read.hasEnded()).isTrue();
      assertThat(read.getInstrumentationLibraryInfo().getName()).isEqualTo("codec-scope");
    }
  }

  @Test
  void count_readsOnlyTheHeader() throws IOException {
    assertThat(SpanDataCodec.count(in(written(richSpans())))).isEqualTo(2);
  }

  @Test
  void read_notARetryFile_refused() {
    assertThatThrownBy(() -> SpanDataCodec.read(in("{\"resourceSpans\":[]}".getBytes())))
        .isInstanceOf(IOException.class).hasMessage("not a Traceguard retry file");
  }

  @Test
  void read_truncated_refused() throws IOException {
    byte[] whole = written(richSpans());

    assertThatThrownBy(() -> SpanDataCodec.read(in(Arrays.copyOf(whole, whole.length / 2))))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void read_corruptCount_refusedWithoutAllocating() throws IOException {
    byte[] bytes = written(richSpans());
    bytes[8] = (byte) 0x7f; // the span count's high byte

    assertThatThrownBy(() -> SpanDataCodec.read(in(bytes))).isInstanceOf(IOException.class)
        .hasMessageStartingWith("corrupt retry file: a count of");
  }

  @Test
  void read_otherVersion_refused() throws IOException {
    byte[] bytes = written(richSpans());
    bytes[7] = 9;

    assertThatThrownBy(() -> SpanDataCodec.read(in(bytes))).isInstanceOf(IOException.class)
        .hasMessage("retry file version 9, this library reads 1");
  }

  @Test
  void scope_withoutVersionOrSchema_readBackWithout() throws IOException {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
      provider.get("bare").spanBuilder("s").startSpan().end();
      List<SpanData> back = SpanDataCodec.read(in(written(memory.getFinishedSpanItems())));

      assertThat(back.get(0).getInstrumentationScopeInfo()).isEqualTo(InstrumentationScopeInfo.create("bare"));
    }
  }
}
