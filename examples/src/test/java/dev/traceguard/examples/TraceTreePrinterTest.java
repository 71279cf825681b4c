package dev.traceguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTreePrinterTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final long MS = 1_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void render_spansInAnyOrder_childrenIndentedUnderParentsInStartOrder() {
    SpanData root = span("demo-gateway", "00000000000000a1", "", SpanKind.SERVER, "GET /api/users/{id}", 0, 20);
    SpanData second = span("demo-gateway", "00000000000000b2", "00000000000000a1", SpanKind.CLIENT, "POST", 10, 19);
    SpanData first = span("demo-gateway", "00000000000000b1", "00000000000000a1", SpanKind.CLIENT, "GET", 1, 9);
    SpanData grandchild = span("demo-users", "00000000000000c1", "00000000000000b1", SpanKind.SERVER,
        "GET /users/{id}", 2, 8);

    String tree = TraceTreePrinter.render(List.of(grandchild, second, root, first));

    assertThat(tree).isEqualTo("\ntrace " + TRACE + " (4 spans)\n"
        + "  demo-gateway  SERVER  GET /api/users/{id}  20.00 ms  UNSET\n"
        + "    demo-gateway  CLIENT  GET  8.00 ms  UNSET\n"
        + "      demo-users  SERVER  GET /users/{id}  6.00 ms  UNSET\n"
        + "    demo-gateway  CLIENT  POST  9.00 ms  UNSET\n");
  }

  @Test
  void render_parentOutsideTheList_spanStartsAtTheLeft() {
    SpanData continued = span("demo-gateway", "00000000000000a1", "b7ad6b7169203331", SpanKind.SERVER, "POST /test",
        0, 1);

    assertThat(TraceTreePrinter.render(List.of(continued)))
        .isEqualTo("\ntrace " + TRACE + " (1 span)\n  demo-gateway  SERVER  POST /test  1.00 ms  UNSET\n");
  }

  @Test
  void line_errorSpan_showsStatusErrorCodeShownAttributesAndExceptionMessage() {
    SpanData failed = TestSpanData.builder()
        .setSpanContext(context("00000000000000a1"))
        .setResource(Resource.create(Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"),
            "demo-payments")))
        .setKind(SpanKind.SERVER)
        .setName("POST /payments")
        .setStartEpochNanos(0)
        .setEndEpochNanos(1_500_000)
        .setHasEnded(true)
        .setStatus(StatusData.error())
        .setAttributes(Attributes.builder()
            .put(TraceguardAttributes.ERROR_CODE, 3001L)
            .put(TraceguardAttributes.ERROR_DOMAIN, "PAYMENT")
            .put(PaymentsResource.CARD, "****-****-****-1111")
            .build())
        .setEvents(List.of(EventData.create(0, TraceguardAttributes.EXCEPTION_EVENT,
            Attributes.of(TraceguardAttributes.EXCEPTION_MESSAGE, "x".repeat(150)))))
        .setTotalRecordedEvents(1)
        .build();

    assertThat(TraceTreePrinter.line(failed)).isEqualTo("demo-payments  SERVER  POST /payments  1.50 ms  ERROR"
        + "  error PAYMENT-3001  payment.card=****-****-****-1111  \"" + "x".repeat(100) + "...\"");
  }

  @Test
  void printQuiet_traceStillReceivingSpans_waitsUntilQuietThenPrintsOnce() {
    try (TraceTreePrinter printer = new TraceTreePrinter(out, Duration.ofHours(1))) {
      printer.add(List.of(span("demo-users", "00000000000000c1", "00000000000000b1", SpanKind.SERVER, "GET", 0, 1)),
          0);
      printer.add(List.of(span("demo-gateway", "00000000000000b1", "", SpanKind.CLIENT, "GET", 0, 2)),
          Duration.ofMinutes(30).toNanos());

      printer.printQuiet(Duration.ofMinutes(80).toNanos());
      assertThat(output()).isEmpty();

      printer.printQuiet(Duration.ofMinutes(90).toNanos());
      assertThat(output()).startsWith("\ntrace " + TRACE + " (2 spans)\n  demo-gateway  CLIENT  GET");

      printer.printQuiet(Long.MAX_VALUE);
      assertThat(output()).containsOnlyOnce("trace " + TRACE);
    }
  }

  @Test
  void close_pendingTraces_printsThemAll() {
    TraceTreePrinter printer = new TraceTreePrinter(out, Duration.ofHours(1));
    printer.exporter().export(List.of(span("demo-users", "00000000000000c1", "", SpanKind.SERVER, "GET", 0, 1)));
    assertThat(output()).isEmpty();

    printer.close();

    assertThat(output()).contains("trace " + TRACE + " (1 span)");
  }

  @Test
  void add_moreThanTheCap_dropsTheRestAndSaysHowMany() {
    try (TraceTreePrinter printer = new TraceTreePrinter(out, Duration.ofHours(1))) {
      SpanData span = span("demo-users", "00000000000000c1", "", SpanKind.SERVER, "GET", 0, 1);
      printer.add(java.util.Collections.nCopies(TraceTreePrinter.MAX_PENDING_SPANS + 3, span), 0);

      printer.printQuiet(Long.MAX_VALUE);

      assertThat(output()).contains("(" + TraceTreePrinter.MAX_PENDING_SPANS + " spans)")
          .endsWith("(3 spans not printed: more than 10000 were waiting)\n");
    }
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static SpanData span(String service, String spanId, String parentId, SpanKind kind, String name,
      long startMs, long endMs) {
    return TestSpanData.builder()
        .setSpanContext(context(spanId))
        .setParentSpanContext(parentId.isEmpty() ? SpanContext.getInvalid() : context(parentId))
        .setResource(Resource.create(
            Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), service)))
        .setKind(kind)
        .setName(name)
        .setStartEpochNanos(startMs * MS)
        .setEndEpochNanos(endMs * MS)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .build();
  }

  private static SpanContext context(String spanId) {
    return SpanContext.create(TRACE, spanId, TraceFlags.getSampled(), TraceState.getDefault());
  }
}
