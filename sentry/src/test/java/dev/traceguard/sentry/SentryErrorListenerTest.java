package dev.traceguard.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
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
import io.sentry.SentryEnvelope;
import io.sentry.SentryEnvelopeItem;
import io.sentry.SentryEvent;
import io.sentry.SentryItemType;
import io.sentry.SentryOptions;
import io.sentry.protocol.SentryException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Sentry SDK sending over HTTP to a stand-in for Sentry's ingest API on 127.0.0.1; Traceguard finds the
 * listener through the service loader, as an application with this jar would.
 */
class SentryErrorListenerTest {

  private final BlockingQueue<byte[]> envelopes = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> paths = new LinkedBlockingQueue<>();
  private HttpServer ingest;
  private SentryOptions options;

  @BeforeEach
  void startIngestAndSentry() throws IOException {
    ingest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ingest.createContext("/", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        byte[] bytes = (gzip ? new GZIPInputStream(body) : body).readAllBytes();
        paths.add(exchange.getRequestURI().getPath());
        envelopes.add(bytes);
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    ingest.start();
    Sentry.init(o -> {
      o.setDsn("http://publickey@127.0.0.1:" + ingest.getAddress().getPort() + "/1");
      // Nothing but the events under test leaves the JVM, and only to the stand-in.
      o.setEnableExternalConfiguration(false);
      o.setSendClientReports(false);
      o.setEnableAutoSessionTracking(false);
      o.setEnableUncaughtExceptionHandler(false);
      o.setEnableShutdownHook(false);
      o.setEnableBackpressureHandling(false);
      o.setEnableSpotlight(false);
      o.setAttachServerName(false);
      o.setSendModules(false);
      options = o;
    });
  }

  @AfterEach
  void stop() {
    Sentry.close();
    ingest.stop(0);
  }

  private SentryEvent receivedEvent() throws Exception {
    byte[] envelope = envelopes.poll(10, TimeUnit.SECONDS);
    assertThat(envelope).as("an envelope reached the stand-in ingest endpoint").isNotNull();
    assertThat(paths.poll()).isEqualTo("/api/1/envelope/");
    SentryEnvelope parsed = options.getEnvelopeReader().read(new ByteArrayInputStream(envelope));
    assertThat(parsed).isNotNull();
    SentryEnvelopeItem item = null;
    for (SentryEnvelopeItem candidate : parsed.getItems()) {
      if (candidate.getHeader().getType() == SentryItemType.Event) {
        item = candidate;
      }
    }
    assertThat(item).as("an event item in the envelope").isNotNull();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new ByteArrayInputStream(item.getData()), StandardCharsets.UTF_8))) {
      return options.getSerializer().deserialize(reader, SentryEvent.class);
    }
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
    options.setSendDefaultPii(true);
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
    assertThat(envelopes.poll(500, TimeUnit.MILLISECONDS)).isNull();
  }
}
