package dev.traceguard.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver on 127.0.0.1: the JDK's HttpServer decoding {@code ExportTraceServiceRequest} protobufs
 * into spans kept by span id. It can be stopped and started again on the same port (a backend outage), and told to
 * answer 500 or to answer only after {@link #SLOW_ANSWER_MILLIS}. Thread-safe.
 */
final class OtlpReceiver implements AutoCloseable {
  /** How a broken backend answers an export. */
  enum Mode { OK, FAIL_500, SLOW }

  /** How long a {@link Mode#SLOW} receiver takes to answer, as the issue asks. */
  static final long SLOW_ANSWER_MILLIS = 30_000;

  private static final HexFormat HEX = HexFormat.of();

  private final int port;
  private final Map<String, Span> spansById = new ConcurrentHashMap<>();
  private final AtomicLong spansReceived = new AtomicLong();
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Mode mode = Mode.OK;
  private HttpServer server;
  private ExecutorService executor;

  private OtlpReceiver(int port) {
    this.port = port;
  }

  /** Starts a receiver on a free port of 127.0.0.1. */
  static OtlpReceiver start(Mode mode) throws IOException {
    OtlpReceiver receiver = new OtlpReceiver(freePort());
    receiver.mode = mode;
    receiver.up();
    return receiver;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Starts listening again on the same port; does nothing when it listens. */
  synchronized void up() throws IOException {
    if (server != null) {
      return;
    }
    HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    created.createContext("/v1/traces", this::handle);
    // Enough threads that held (SLOW) exports never keep a later export from being read.
    executor = Executors.newFixedThreadPool(4);
    created.setExecutor(executor);
    created.start();
    server = created;
  }

  /**
   * Stops listening: connections are refused until {@link #up()}, as when a backend's process is gone. An export
   * already being handled is answered first, so that what this receiver recorded and what the exporter saw
   * delivered agree.
   */
  synchronized void down() {
    if (server == null) {
      return;
    }
    // An export being answered finishes first (within a second): with stop(0) its response was cut after the batch
    // was recorded here, so the exporter counted as dropped spans that had arrived (once in CI: 20 of them).
    server.stop(1);
    executor.shutdownNow();
    server = null;
    executor = null;
  }

  /** The base URL for {@code otel.exporter.otlp.endpoint}. */
  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  int requests() {
    return requests.get();
  }

  /** Every span received, counting a span received twice twice. */
  long spansReceived() {
    return spansReceived.get();
  }

  /** The distinct spans received, by span id in lower-case hex. */
  Map<String, Span> spans() {
    return Map.copyOf(spansById);
  }

  static String hex(com.google.protobuf.ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      byte[] body;
      try (InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
          ? new GZIPInputStream(exchange.getRequestBody())
          : exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      switch (mode) {
        case FAIL_500 -> exchange.sendResponseHeaders(500, -1);
        case SLOW -> {
          try {
            closing.await(SLOW_ANSWER_MILLIS, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(503, -1);
        }
        case OK -> {
          for (ResourceSpans resource : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
              for (Span span : scope.getSpansList()) {
                spansReceived.incrementAndGet();
                spansById.put(hex(span.getSpanId()), span);
              }
            }
          }
          byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
          exchange.getResponseBody().write(response);
        }
      }
    }
  }

  /** Releases held exports and stops. */
  @Override
  public void close() {
    closing.countDown();
    down();
  }

  /** The string attributes of a span, for assertions on their values. */
  static Map<String, String> stringAttributes(Span span) {
    Map<String, String> attributes = new java.util.LinkedHashMap<>();
    span.getAttributesList().forEach(kv -> {
      if (kv.getValue().hasStringValue()) {
        attributes.put(kv.getKey(), kv.getValue().getStringValue());
      }
    });
    return attributes;
  }

  /** Every string value the span carries, its events' attributes included. */
  static List<String> allStringValues(Span span) {
    List<String> values = new java.util.ArrayList<>(stringAttributes(span).values());
    span.getEventsList().forEach(event -> event.getAttributesList().forEach(kv -> {
      if (kv.getValue().hasStringValue()) {
        values.add(kv.getValue().getStringValue());
      }
      kv.getValue().getArrayValue().getValuesList().forEach(v -> values.add(v.getStringValue()));
    }));
    span.getAttributesList().forEach(kv ->
        kv.getValue().getArrayValue().getValuesList().forEach(v -> values.add(v.getStringValue())));
    return values;
  }
}
