package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The no-op implementations behind {@code ExceptionTracer.noop()}, {@code Propagator.noop()} and {@code PiiMasker.noop()}. */
class NoopsTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private static final TextMapSetter<Map<String, String>> MAP_SETTER = (carrier, key, value) -> {
    if (carrier != null) {
      carrier.put(key, value);
    }
  };

  enum PaymentError implements ErrorCode {
    DECLINED;

    @Override
    public int code() {
      return 2001;
    }

    @Override
    public String domain() {
      return "PAYMENT";
    }

    @Override
    public int httpStatus() {
      return 402;
    }

    @Override
    public String title() {
      return "Payment declined";
    }
  }

  /** Keeps the arguments of the four-argument {@code record}, which the default three-argument one delegates to. */
  static final class RecordingExceptionTracer implements ExceptionTracer {
    final List<Object[]> calls = new ArrayList<>();

    @Override
    public void record(Span span, SpanKind kind, Throwable error, int httpStatus) {
      calls.add(new Object[] {span, kind, error, httpStatus});
    }
  }

  /** A recording span that notes every call made to it, to show that a no-op tracer makes none. */
  static final class RecordingSpan implements Span {
    final List<String> calls = new ArrayList<>();

    @Override
    public <T> Span setAttribute(AttributeKey<T> key, T value) {
      calls.add("setAttribute " + key);
      return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes) {
      calls.add("addEvent " + name);
      return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
      calls.add("addEvent " + name);
      return this;
    }

    @Override
    public Span setStatus(StatusCode statusCode, String description) {
      calls.add("setStatus " + statusCode);
      return this;
    }

    @Override
    public Span recordException(Throwable exception, Attributes additionalAttributes) {
      calls.add("recordException " + exception);
      return this;
    }

    @Override
    public Span updateName(String name) {
      calls.add("updateName " + name);
      return this;
    }

    @Override
    public Span addLink(SpanContext spanContext, Attributes attributes) {
      calls.add("addLink " + spanContext);
      return this;
    }

    @Override
    public void end() {
      calls.add("end");
    }

    @Override
    public void end(long timestamp, TimeUnit unit) {
      calls.add("end");
    }

    @Override
    public SpanContext getSpanContext() {
      return SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault());
    }

    @Override
    public boolean isRecording() {
      return true;
    }
  }

  // ExceptionTracer

  @Test
  void exceptionTracerNoop_recordingSpan_recordsNothing() {
    RecordingSpan span = new RecordingSpan();

    ExceptionTracer.noop().record(span, SpanKind.SERVER, new IllegalStateException("boom"), 500);
    ExceptionTracer.noop().record(span, SpanKind.INTERNAL, new TraceguardException(PaymentError.DECLINED));

    assertThat(span.calls).isEmpty();
  }

  @Test
  void exceptionTracerNoop_invalidSpan_doesNotThrow() {
    Span span = Span.getInvalid();

    assertThatCode(() -> {
      ExceptionTracer.noop().record(span, SpanKind.CLIENT, new IllegalStateException("boom"), 503);
      ExceptionTracer.noop().record(span, SpanKind.SERVER, new TraceguardException(PaymentError.DECLINED));
    }).doesNotThrowAnyException();
    assertThat(span.isRecording()).isFalse();
  }

  @Test
  void exceptionTracerNoop_calledTwice_returnsSameInstance() {
    assertThat(ExceptionTracer.noop()).isSameAs(ExceptionTracer.noop());
  }

  @Test
  void exceptionTracerNoop_toString_namesFactory() {
    assertThat(ExceptionTracer.noop()).hasToString("ExceptionTracer.noop()");
  }

  @Test
  void record_traceguardException_passesItsCodesHttpStatus() {
    RecordingExceptionTracer tracer = new RecordingExceptionTracer();
    Span span = Span.getInvalid();
    TraceguardException error = new TraceguardException(PaymentError.DECLINED);

    tracer.record(span, SpanKind.SERVER, error);

    assertThat(tracer.calls).singleElement()
        .satisfies(call -> assertThat(call).containsExactly(span, SpanKind.SERVER, error, 402));
  }

  @Test
  void record_traceguardExceptionSubclass_passesItsCodesHttpStatus() {
    RecordingExceptionTracer tracer = new RecordingExceptionTracer();
    TraceguardException error = new TraceguardException(PaymentError.DECLINED, "Card expired") {
      private static final long serialVersionUID = 1L;
    };

    tracer.record(Span.getInvalid(), SpanKind.INTERNAL, error);

    assertThat(tracer.calls).singleElement()
        .satisfies(call -> assertThat(call).containsExactly(Span.getInvalid(), SpanKind.INTERNAL, error, 402));
  }

  @Test
  void record_otherThrowable_passesNoHttpStatus() {
    RecordingExceptionTracer tracer = new RecordingExceptionTracer();
    Span span = Span.getInvalid();
    IllegalStateException error = new IllegalStateException("boom");

    tracer.record(span, SpanKind.CONSUMER, error);

    assertThat(tracer.calls).singleElement()
        .satisfies(call -> assertThat(call)
            .containsExactly(span, SpanKind.CONSUMER, error, ExceptionTracer.NO_HTTP_STATUS));
  }

  @Test
  void record_traceguardExceptionAsCause_isNotUnwrapped() {
    RecordingExceptionTracer tracer = new RecordingExceptionTracer();
    RuntimeException error = new RuntimeException(new TraceguardException(PaymentError.DECLINED));

    tracer.record(Span.getInvalid(), SpanKind.SERVER, error);

    assertThat(tracer.calls).singleElement()
        .satisfies(call -> assertThat(call)
            .containsExactly(Span.getInvalid(), SpanKind.SERVER, error, ExceptionTracer.NO_HTTP_STATUS));
  }

  // Propagator

  @Test
  void propagatorNoop_extractWithTraceparent_returnsSameContext() {
    Context context = Context.root().with(ContextKey.named("tenant"), "acme");
    Map<String, String> headers = new HashMap<>(Map.of("traceparent", TRACEPARENT, "baggage", "user=alice"));

    Context extracted = Propagator.noop().extract(context, headers, MAP_GETTER);

    assertThat(extracted).isSameAs(context);
    assertThat(Span.fromContext(extracted).getSpanContext().isValid()).isFalse();
    assertThat(Baggage.fromContext(extracted).isEmpty()).isTrue();
  }

  @Test
  void propagatorNoop_extractRootContext_returnsRoot() {
    Context extracted = Propagator.noop().extract(Context.root(), Map.of("traceparent", TRACEPARENT), MAP_GETTER);

    assertThat(extracted).isSameAs(Context.root());
  }

  @Test
  void propagatorNoop_extractNullCarrier_returnsSameContext() {
    Context context = Context.root().with(ContextKey.named("tenant"), "acme");

    assertThat(Propagator.noop().extract(context, null, MAP_GETTER)).isSameAs(context);
  }

  @Test
  void propagatorNoop_injectValidSpanAndBaggage_writesNothing() {
    Span span = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()));
    Context context = Baggage.builder().put("user", "alice").build().storeInContext(span.storeInContext(Context.root()));
    Map<String, String> headers = new HashMap<>();
    List<String> setCalls = new ArrayList<>();
    TextMapSetter<Map<String, String>> setter = (carrier, key, value) -> {
      setCalls.add(key);
      MAP_SETTER.set(carrier, key, value);
    };

    Propagator.noop().inject(context, headers, setter);

    assertThat(headers).isEmpty();
    assertThat(setCalls).isEmpty();
  }

  @Test
  void propagatorNoop_injectNullCarrier_doesNotThrow() {
    Span span = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()));
    Context context = span.storeInContext(Context.root());

    assertThatCode(() -> Propagator.noop().inject(context, null, MAP_SETTER)).doesNotThrowAnyException();
  }

  @Test
  void propagatorNoop_parseValidTraceparent_isEmpty() {
    assertThat(Propagator.noop().parseTraceparent(TRACEPARENT)).isEmpty();
  }

  @Test
  void propagatorNoop_parseNullOrGarbage_isEmpty() {
    assertThat(Propagator.noop().parseTraceparent(null)).isEmpty();
    assertThat(Propagator.noop().parseTraceparent("not-a-traceparent")).isEmpty();
  }

  @Test
  void propagatorNoop_calledTwice_returnsSameInstance() {
    assertThat(Propagator.noop()).isSameAs(Propagator.noop());
  }

  @Test
  void propagatorNoop_toString_namesFactory() {
    assertThat(Propagator.noop()).hasToString("Propagator.noop()");
  }

  // PiiMasker

  @Test
  void piiMaskerNoop_textWithPersonalData_returnsVerySameInstance() {
    String text = "alice@example.com paid with 4111111111111111, token=s3cr3t";

    assertThat(PiiMasker.noop().mask(text)).isSameAs(text);
  }

  @Test
  void piiMaskerNoop_emptyText_returnsVerySameInstance() {
    String text = new String("");

    assertThat(PiiMasker.noop().mask(text)).isSameAs(text);
  }

  @Test
  void piiMaskerNoop_calledTwice_returnsSameInstance() {
    assertThat(PiiMasker.noop()).isSameAs(PiiMasker.noop());
  }

  @Test
  void piiMaskerNoop_toString_namesFactory() {
    assertThat(PiiMasker.noop()).hasToString("PiiMasker.noop()");
  }
}
