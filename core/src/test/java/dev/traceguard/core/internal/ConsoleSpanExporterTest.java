package dev.traceguard.core.internal;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link ConsoleSpanExporter}: one tree per finished trace, exact lines, bounded in spans, traces and time. */
class ConsoleSpanExporterTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String NL = System.lineSeparator();

  private final InMemorySpanExporter memory = InMemorySpanExporter.create();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final AtomicLong clock = new AtomicLong();
  private final ConsoleSpanExporter exporter =
      new ConsoleSpanExporter(new PrintStream(bytes, false, StandardCharsets.UTF_8), false, clock::get);

  /** One trace id for every span, span ids 0000000000000001, 0000000000000002, ... in start order. */
  private static final class SequentialIds implements IdGenerator {
    private final AtomicLong next = new AtomicLong();

    @Override
    public String generateSpanId() {
      return String.format(Locale.ROOT, "%016x", next.incrementAndGet());
    }

    @Override
    public String generateTraceId() {
      return TRACE_ID;
    }
  }

  private Tracer tracer(Resource resource) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource)
        .setIdGenerator(new SequentialIds())
        .addSpanProcessor(SimpleSpanProcessor.create(memory))
        .build();
    return provider.get("console-test");
  }

  private Tracer tracer() {
    return tracer(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "payments")));
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * A SERVER span of 12.345678 ms with a failing @Traced child carrying an application attribute and an exception
   * event, and a CLIENT grandchild; exported in end order, as the console's simple processor does.
   */
  private void failedRequest(Tracer tracer) {
    Span server = tracer.spanBuilder("POST /payments/{user}").setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(1_000_000_000L, NANOSECONDS).startSpan();
    server.setAttribute(TraceguardAttributes.HTTP_ROUTE, "/payments/{user}");
    server.setAttribute(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, 402L);
    server.setAttribute(AttributeKey.stringKey("url.path"), "/payments/7");
    server.setAttribute(TraceguardAttributes.ERROR_CODE, 2001L);
    server.setAttribute(TraceguardAttributes.ERROR_DOMAIN, "PAY");
    server.setStatus(StatusCode.ERROR);
    Span child = tracer.spanBuilder("PaymentService.charge").setParent(Context.root().with(server))
        .setStartTimestamp(1_001_000_000L, NANOSECONDS).startSpan();
    child.setAttribute(AttributeKey.longKey("payment.user_id"), 7L);
    child.setAttribute(AttributeKey.stringKey("code.function.name"), "charge");
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(child))
        .setStartTimestamp(1_002_000_000L, NANOSECONDS).startSpan();
    client.setAttribute(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, 200L);
    client.setAttribute(TraceguardAttributes.HTTP_ROUTE, "/accounts/{id}");
    client.setAttribute(TraceguardAttributes.URL_FULL, "http://accounts/accounts/7");
    client.end(1_003_000_000L, NANOSECONDS);
    child.addEvent(TraceguardAttributes.EXCEPTION_EVENT, Attributes.of(
        TraceguardAttributes.EXCEPTION_TYPE, "dev.traceguard.api.TraceguardException",
        TraceguardAttributes.EXCEPTION_MESSAGE, "The card of user 7\nwas declined"));
    child.setStatus(StatusCode.ERROR);
    child.end(1_003_500_000L, NANOSECONDS);
    server.end(1_012_345_678L, NANOSECONDS);
  }

  @Test
  void export_localRootEnds_printsTheTraceAsATree() {
    failedRequest(tracer());

    for (SpanData span : memory.getFinishedSpanItems()) {
      assertThat(exporter.export(List.of(span)).isSuccess()).isTrue();
    }

    assertThat(printed()).isEqualTo(String.join(NL,
        "trace " + TRACE_ID + " (3 spans, payments)",
        "  SERVER POST /payments/{user} 12.35 ms ERROR http.response.status_code=402 error=PAY-2001",
        "    INTERNAL PaymentService.charge 2.50 ms ERROR payment.user_id=7"
            + " exception=TraceguardException: The card of user 7 was declined",
        "      CLIENT GET 1.00 ms UNSET http.route=/accounts/{id} url.full=http://accounts/accounts/7"
            + " http.response.status_code=200",
        ""));
  }

  @Test
  void export_beforeTheLocalRootEnds_printsNothing() {
    failedRequest(tracer());
    List<SpanData> spans = memory.getFinishedSpanItems();

    exporter.export(spans.subList(0, 2));

    assertThat(printed()).isEmpty();
  }

  @Test
  void export_remoteParent_isALocalRoot() {
    SpanContext caller = SpanContext.createFromRemoteParent(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(),
        TraceState.getDefault());
    Span server = tracer().spanBuilder("GET /users/{id}").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(caller))).setStartTimestamp(5_000_000_000L, NANOSECONDS).startSpan();
    server.end(5_001_000_000L, NANOSECONDS);

    exporter.export(memory.getFinishedSpanItems());

    assertThat(printed()).isEqualTo("trace " + TRACE_ID + " (1 span, payments)" + NL
        + "  SERVER GET /users/{id} 1.00 ms UNSET" + NL);
  }

  @Test
  void export_traceOverTheSpanBound_printsOneLineInstead() {
    Tracer tracer = tracer(Resource.empty());
    Span root = tracer.spanBuilder("batch").startSpan();
    for (int i = 0; i < ConsoleSpanExporter.MAX_SPANS_PER_TRACE + 5; i++) {
      tracer.spanBuilder("item").setParent(Context.root().with(root)).startSpan().end();
    }
    root.end();

    exporter.export(memory.getFinishedSpanItems());

    assertThat(printed()).isEqualTo("trace " + TRACE_ID + " not printed (1006 spans): more than 1000 spans" + NL);
  }

  @Test
  void export_rootNotEndedWithinTheWait_printsOneLineInstead() {
    Tracer tracer = tracer();
    Span root = tracer.spanBuilder("slow").startSpan();
    tracer.spanBuilder("early").setParent(Context.root().with(root)).startSpan().end();
    exporter.export(memory.getFinishedSpanItems());
    clock.addAndGet(ConsoleSpanExporter.MAX_WAIT.toNanos());

    exporter.flush();

    assertThat(printed()).isEqualTo("trace " + TRACE_ID + " not printed (1 span): its local root did not end within"
        + " 30 s" + NL);
    root.end();
  }

  @Test
  void export_moreTracesWaitingThanTheBound_evictsTheOldestWithOneLine() {
    for (int i = 0; i <= ConsoleSpanExporter.MAX_TRACES; i++) {
      String traceId = String.format(Locale.ROOT, "%032x", i + 1);
      SpanContext parent = SpanContext.create(traceId, "00000000000000aa", TraceFlags.getSampled(),
          TraceState.getDefault());
      Span child = tracer(Resource.empty()).spanBuilder("child").setParent(Context.root().with(Span.wrap(parent)))
          .startSpan();
      child.end();
    }

    exporter.export(memory.getFinishedSpanItems());

    assertThat(printed()).isEqualTo("trace " + String.format(Locale.ROOT, "%032x", 1)
        + " not printed (1 span): more than 1000 traces were waiting" + NL);
  }

  @Test
  void shutdown_tracesStillWaiting_printsThemAsFarAsTheyGot() {
    failedRequest(tracer());
    exporter.export(memory.getFinishedSpanItems().subList(0, 2));

    assertThat(exporter.shutdown().isSuccess()).isTrue();

    assertThat(printed()).startsWith("trace " + TRACE_ID + " (2 spans, payments)" + NL
        + "  INTERNAL PaymentService.charge 2.50 ms ERROR payment.user_id=7");
  }

  @Test
  void export_colours_onlyErrorIsRed() {
    ConsoleSpanExporter coloured =
        new ConsoleSpanExporter(new PrintStream(bytes, false, StandardCharsets.UTF_8), true, clock::get);
    failedRequest(tracer());

    coloured.export(memory.getFinishedSpanItems());

    assertThat(printed()).contains("12.35 ms \u001b[31mERROR\u001b[0m http.").contains("1.00 ms UNSET");
  }

  @Test
  void export_notATerminal_printsNoEscapeCodes() {
    ConsoleSpanExporter plain = new ConsoleSpanExporter(new PrintStream(bytes, false, StandardCharsets.UTF_8));
    failedRequest(tracer());

    plain.export(memory.getFinishedSpanItems());

    assertThat(printed()).contains(" ERROR ").doesNotContain("\u001b");
  }

  @Test
  void export_defaultLocaleWithDecimalComma_stillPrintsDecimalPoint() {
    Locale original = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      failedRequest(tracer());
      exporter.export(memory.getFinishedSpanItems());
    } finally {
      Locale.setDefault(original);
    }

    assertThat(printed()).contains(" 12.35 ms ");
  }

  @Test
  void flushAndShutdown_nothingWaiting_succeedAndPrintNothing() {
    assertThat(exporter.flush().isSuccess()).isTrue();
    assertThat(exporter.shutdown().isSuccess()).isTrue();
    assertThat(printed()).isEmpty();
    assertThat(exporter).hasToString("ConsoleSpanExporter");
  }
}
