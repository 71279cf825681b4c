package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the server's export is handed when a server's own instrumentation records a failure Traceguard recorded too:
 * Payara's two events about Jersey's {@code MappableException} wrapper, beside Traceguard's event about the exception.
 */
class RestatedExceptionsTest {
  private static final String TYPE = "dev.traceguard.api.TraceguardException";
  private static final String MESSAGE = "order 4242 of b***@example.com does not exist";

  private final InMemorySpanExporter received = InMemorySpanExporter.create();
  private final SpanExporter exporter = RestatedExceptions.leftOut(received);

  private static EventData exception(String type, String message) {
    return EventData.create(1, "exception", Attributes.builder()
        .put("exception.type", type).put("exception.message", message)
        .put("exception.stacktrace", type + ": " + message + "\n\tat Somewhere.run(Somewhere.java:1)").build());
  }

  private static EventData messageOnly(String message) {
    return EventData.create(1, "exception", Attributes.builder().put("exception.message", message).build());
  }

  private static SpanData span(String name, List<EventData> events) {
    return TestSpanData.builder()
        .setName(name).setKind(SpanKind.SERVER)
        .setSpanContext(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault()))
        .setStartEpochNanos(1).setEndEpochNanos(2).setHasEnded(true).setStatus(StatusData.error())
        .setEvents(events).setTotalRecordedEvents(events.size())
        .build();
  }

  @Test
  void export_wrapperAndToStringEventsOfTheSameFailure_onlyTheExceptionsOwnEventLeaves() {
    EventData own = exception(TYPE, MESSAGE);
    SpanData payara = span("GET /orders/{id}", List.of(
        messageOnly(TYPE + ": " + MESSAGE),
        exception("org.glassfish.jersey.server.internal.process.MappableException", TYPE + ": " + MESSAGE),
        own));

    exporter.export(List.of(payara));

    assertThat(received.getFinishedSpanItems()).singleElement().satisfies(span -> {
      assertThat(span.getEvents()).containsExactly(own);
      assertThat(span.getTotalRecordedEvents()).isEqualTo(1);
      assertThat(span.getName()).isEqualTo("GET /orders/{id}");
      assertThat(span.getSpanContext()).isEqualTo(payara.getSpanContext());
    });
  }

  @Test
  void export_distinctFailuresAndOtherEvents_handedOnAsTheyCame() {
    SpanData distinct = span("two failures", List.of(
        exception("java.lang.IllegalStateException", "first"),
        exception("java.io.IOException", "second"),
        EventData.create(1, "retry", Attributes.builder().put("exception.message", "java.io.IOException: second")
            .build())));
    SpanData single = span("one", List.of(exception(TYPE, MESSAGE)));
    SpanData plain = span("none", List.of());

    exporter.export(List.of(distinct, single, plain));

    assertThat(received.getFinishedSpanItems()).containsExactly(distinct, single, plain);
  }

  @Test
  void export_onlyALaterSpanTrimmed_theEarlierOnesKeptInOrder() {
    SpanData first = span("first", List.of());
    SpanData failed = span("failed", List.of(messageOnly(TYPE + ": " + MESSAGE), exception(TYPE, MESSAGE)));

    exporter.export(List.of(first, failed));

    assertThat(received.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("first", "failed");
    assertThat(received.getFinishedSpanItems().get(0)).isSameAs(first);
    assertThat(received.getFinishedSpanItems().get(1).getEvents()).hasSize(1);
  }

  @Test
  void export_exceptionWithoutMessage_restatedByItsTypeAlone() {
    EventData own = EventData.create(1, "exception", Attributes.builder().put("exception.type", TYPE).build());

    exporter.export(List.of(span("no message", List.of(own, messageOnly(TYPE)))));

    assertThat(received.getFinishedSpanItems().get(0).getEvents()).containsExactly(own);
  }

  @Test
  void flushAndShutdown_forwardedToTheDelegate() {
    exporter.export(List.of(span("one", List.of())));

    assertThat(exporter.flush().isSuccess()).isTrue();
    assertThat(exporter.shutdown().isSuccess()).isTrue();
    assertThat(received.getFinishedSpanItems()).isEmpty(); // InMemorySpanExporter clears what it held on shutdown
    assertThat(exporter.toString()).isEqualTo(received.toString());
  }
}
