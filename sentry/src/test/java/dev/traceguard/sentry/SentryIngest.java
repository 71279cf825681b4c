package dev.traceguard.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sentry.Sentry;
import io.sentry.SentryEnvelope;
import io.sentry.SentryEnvelopeItem;
import io.sentry.SentryEvent;
import io.sentry.SentryItemType;
import io.sentry.SentryOptions;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for Sentry's ingest API on 127.0.0.1 with the real Sentry SDK initialized to send to it, and nothing
 * else leaving the JVM. One per test: {@link #close()} closes Sentry and stops the server.
 */
final class SentryIngest implements AutoCloseable {
  private final BlockingQueue<byte[]> envelopes = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> paths = new LinkedBlockingQueue<>();
  private final HttpServer server;
  private SentryOptions options;

  private SentryIngest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        byte[] bytes = (gzip ? new GZIPInputStream(body) : body).readAllBytes();
        paths.add(exchange.getRequestURI().getPath());
        envelopes.add(bytes);
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    Sentry.init(o -> {
      o.setDsn("http://publickey@127.0.0.1:" + server.getAddress().getPort() + "/1");
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

  static SentryIngest start() throws IOException {
    return new SentryIngest();
  }

  SentryOptions options() {
    return options;
  }

  /** The next event Sentry sent, parsed; fails when none arrives within 10 s. */
  SentryEvent receivedEvent() throws Exception {
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

  /** Whether an envelope arrives within {@code millis}. */
  boolean receivesWithin(long millis) throws InterruptedException {
    return envelopes.poll(millis, TimeUnit.MILLISECONDS) != null;
  }

  @Override
  public void close() {
    Sentry.close();
    server.stop(0);
  }
}
