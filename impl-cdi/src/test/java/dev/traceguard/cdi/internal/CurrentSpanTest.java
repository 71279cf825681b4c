package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes are opened for their effect on Span.current()
class CurrentSpanTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

  @AfterEach
  void close() {
    provider.close();
  }

  private Span start(String name) {
    return provider.get("test").spanBuilder(name).startSpan();
  }

  @Test
  void everyCall_insideAScope_actsOnTheCurrentSpan() {
    SpanContext linked = SpanContext.create(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    Span real = start("before-rename");
    Span current = CurrentSpan.INSTANCE;
    try (Scope scope = real.makeCurrent()) {
      assertThat(current.getSpanContext()).isEqualTo(real.getSpanContext());
      assertThat(current.isRecording()).isTrue();
      assertThat(current.setAttribute("s", "v")).isSameAs(real);
      current.setAttribute("l", 1L);
      current.setAttribute("d", 1.5);
      current.setAttribute("b", true);
      current.setAttribute("value", Value.of("structured"));
      current.setAttribute(AttributeKey.stringKey("typed"), "t");
      current.setAttribute(AttributeKey.longKey("int"), 7);
      current.setAllAttributes(Attributes.of(AttributeKey.stringKey("all"), "a"));
      current.addEvent("e1");
      current.addEvent("e2", 1, TimeUnit.SECONDS);
      current.addEvent("e3", Instant.ofEpochSecond(2));
      current.addEvent("e4", Attributes.empty());
      current.addEvent("e5", Attributes.empty(), 3, TimeUnit.SECONDS);
      current.addEvent("e6", Attributes.empty(), Instant.ofEpochSecond(4));
      current.recordException(new IllegalStateException("one"));
      current.recordException(new IllegalStateException("two"), Attributes.empty());
      current.setStatus(StatusCode.ERROR);
      current.setStatus(StatusCode.ERROR, "failed");
      current.addLink(linked);
      current.addLink(linked, Attributes.empty());
      current.updateName("renamed");
      assertThat(current.toString()).startsWith("CurrentSpan{").contains(real.getSpanContext().getSpanId());
      current.end();
    }

    SpanData data = exporter.getFinishedSpanItems().get(0);
    assertThat(data.getName()).isEqualTo("renamed");
    assertThat(data.getAttributes().size()).isEqualTo(8);
    assertThat(data.getAttributes().get(AttributeKey.longKey("int"))).isEqualTo(7L);
    assertThat(data.getEvents()).extracting(e -> e.getName())
        .containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "exception", "exception");
    assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(data.getStatus().getDescription()).isEqualTo("failed");
    assertThat(data.getLinks()).hasSize(2);
  }

  @Test
  void endWithTimestamp_actsOnTheCurrentSpan() {
    Span first = start("first");
    Span second = start("second");
    try (Scope scope = first.makeCurrent()) {
      CurrentSpan.INSTANCE.end(5, TimeUnit.SECONDS);
    }
    try (Scope scope = second.makeCurrent()) {
      CurrentSpan.INSTANCE.end(Instant.ofEpochSecond(6));
    }

    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getEndEpochNanos)
        .containsExactly(TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(6));
  }

  @Test
  void makeCurrentAndStoreInContext_storeTheRealSpanNeverTheDelegate() {
    Span real = start("real");
    try (Scope outer = real.makeCurrent(); Scope inner = CurrentSpan.INSTANCE.makeCurrent()) {
      assertThat(Span.current()).isSameAs(real);
      assertThat(Span.fromContext(CurrentSpan.INSTANCE.storeInContext(Context.root()))).isSameAs(real);
    } finally {
      real.end();
    }
  }

  @Test
  void outsideAnySpan_callsDoNothing() {
    CurrentSpan.INSTANCE.setAttribute("ignored", "x").end();

    assertThat(CurrentSpan.INSTANCE.getSpanContext().isValid()).isFalse();
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void serialization_roundTrip_resolvesToTheOneInstance() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(CurrentSpan.INSTANCE);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isSameAs(CurrentSpan.INSTANCE);
    }
  }
}
