package dev.traceguard.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TraceguardException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.api.spi.ErrorReport;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.tck.KitErrorCode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.protocol.SentryException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Sentry SDK sending over HTTP to a stand-in for Sentry's ingest API on 127.0.0.1 ({@link SentryIngest});
 * Traceguard finds the listener through the service loader, as an application with this jar would.
 */
class SentryErrorListenerTest {

  private SentryIngest ingest;

  @BeforeEach
  void startIngestAndSentry() throws IOException {
    ingest = SentryIngest.start();
  }

  @AfterEach
  void stop() {
    ingest.close();
  }

  private SentryEvent receivedEvent() throws Exception {
    return ingest.receivedEvent();
  }

  @Test
  void recordedErrorReachesSentryWithTheTraceAndSpanIdsOfTheExportedSpan() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    TracingRuntime runtime = TracingRuntime.create(
        TracingConfig.builder().setServiceName("sentry-test").setExporters(List.of()).build(),
        List.of(exporter)).start();
    try {
      Span span = runtime.tracer().spanBuilder("charge").setSpanKind(SpanKind.SERVER).startSpan();
      runtime.exceptionTracer().record(span, SpanKind.SERVER,
          new TraceguardException(KitErrorCode.UNAVAILABLE, "Try later", "card 4111: issuer unavailable", null));
      span.end();
      runtime.forceFlush(Duration.ofSeconds(5));
      SpanData exported = exporter.getFinishedSpanItems().get(0);

      SentryEvent event = receivedEvent();

      assertThat(event.getContexts().getTrace()).isNotNull();
      assertThat(event.getContexts().getTrace().getTraceId().toString()).isEqualTo(exported.getTraceId());
      assertThat(event.getContexts().getTrace().getSpanId().toString()).isEqualTo(exported.getSpanId());
      assertThat(event.getContexts().getTrace().getOperation()).isEqualTo(SentryErrorListener.OPERATION);
      assertThat(event.getExceptions()).extracting(SentryException::getType).contains("TraceguardException");
      assertThat(event.getExceptions()).extracting(SentryException::getValue)
          .contains("card 4111: issuer unavailable");
      assertThat(event.getTag("error.code")).isEqualTo("5030");
      assertThat(event.getTag("error.domain")).isEqualTo("TCK");
    } finally {
      runtime.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void personalDataInMessagesCausesBreadcrumbsAndExtras_maskedWhateverSendDefaultPiiSays() throws Exception {
    ingest.options().setSendDefaultPii(true);
    Sentry.configureScope(scope -> {
      io.sentry.Breadcrumb breadcrumb = new io.sentry.Breadcrumb();
      breadcrumb.setMessage("looked up alice.smith@example.com");
      breadcrumb.setData("card", "4111 1111 1111 1111");
      scope.addBreadcrumb(breadcrumb);
      scope.setExtra("ssn", "SSN 123-45-6789");
    });
    TracingRuntime runtime = TracingRuntime.create(
        TracingConfig.builder().setServiceName("sentry-test").setExporters(List.of()).build()).start();
    try {
      Span span = runtime.tracer().spanBuilder("charge").setSpanKind(SpanKind.SERVER).startSpan();
      runtime.exceptionTracer().record(span, SpanKind.SERVER, new IllegalStateException(
          "charge failed for bob@example.com", new IllegalArgumentException("card 4111 1111 1111 1111 declined")));
      span.end();

      SentryEvent event = receivedEvent();

      String sent = event.getExceptions().toString() + event.getBreadcrumbs() + event.getExtras();
      assertThat(event.getExceptions()).extracting(SentryException::getValue)
          .contains(runtime.piiMasker().mask("charge failed for bob@example.com"),
              runtime.piiMasker().mask("card 4111 1111 1111 1111 declined"));
      assertThat(event.getBreadcrumbs()).extracting(io.sentry.Breadcrumb::getMessage)
          .contains(runtime.piiMasker().mask("looked up alice.smith@example.com"));
      assertThat(event.getExtras()).containsEntry("ssn", runtime.piiMasker().mask("SSN 123-45-6789"));
      for (String raw : List.of("bob@example.com", "4111 1111 1111 1111", "alice.smith@example.com", "123-45-6789")) {
        assertThat(event.getExceptions()).extracting(SentryException::getValue).noneMatch(v -> v.contains(raw));
        assertThat(event.getBreadcrumbs()).noneMatch(b -> String.valueOf(b.getMessage()).contains(raw)
            || String.valueOf(b.getData()).contains(raw));
        assertThat(String.valueOf(event.getExtras())).doesNotContain(raw);
      }
      assertThat(sent).isNotEmpty();
    } finally {
      runtime.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void errorWithoutASpanGetsSentrysOwnTraceContextAndNoTags() throws Exception {
    new SentryErrorListener().onError(
        ErrorReport.of(new IllegalStateException("no span"), "0".repeat(32), "0".repeat(16), false));

    SentryEvent event = receivedEvent();

    assertThat(event.getExceptions()).extracting(SentryException::getValue).contains("no span");
    assertThat(event.getContexts().getTrace().getTraceId().toString()).isNotEqualTo("0".repeat(32));
    assertThat(event.getTag("error.code")).isNull();
    assertThat(event.getTag("error.domain")).isNull();
  }

  @Test
  void nothingIsSentWhileSentryIsNotInitialized() throws Exception {
    Sentry.close();

    new SentryErrorListener().onError(ErrorReport.of(
        new IllegalStateException("dropped"), "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true));

    assertThat(Sentry.isEnabled()).isFalse();
    assertThat(ingest.receivesWithin(500)).isFalse();
  }
}
