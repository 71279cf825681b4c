package dev.traceguard.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver for tests: a JDK HttpServer on 127.0.0.1 decoding {@code ExportTraceServiceRequest}
 * protobufs on {@code /v1/traces}, {@code ExportLogsServiceRequest} on {@code /v1/logs} and {@code
 * ExportMetricsServiceRequest} on {@code /v1/metrics}. It can be told to answer
 * 500 or garbage, and can be stopped and started again on the same port.
 *
 * <p>Public, in this module's test jar, for the tests of the demo's documented commands (examples). Thread-safe: the
 * server's threads record, a test reads.
 */
public final class OtlpHttpReceiver implements AutoCloseable {
  /** How the receiver answers; THROTTLE answers 429 with {@code Retry-After} of {@link #retryAfterSeconds}. */
  enum Mode { OK, FAIL_500, GARBAGE_200, HOLD, THROTTLE }

  private final List<ResourceSpans> received = new CopyOnWriteArrayList<>();
  private final List<ResourceLogs> receivedLogs = new CopyOnWriteArrayList<>();
  private final List<ResourceMetrics> receivedMetrics = new CopyOnWriteArrayList<>();
  private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Mode mode = Mode.OK;
  private volatile int retryAfterSeconds = 2;
  private final List<Long> throttledAtNanos = new CopyOnWriteArrayList<>();
  private final List<Long> acceptedAtNanos = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
  private final int port;
  private HttpServer server;

  private OtlpHttpReceiver(int port) throws IOException {
    this.port = port;
    start();
  }

  /** Starts a receiver listening on 127.0.0.1:{@code port}. */
  public static OtlpHttpReceiver start(int port) throws IOException {
    return new OtlpHttpReceiver(port);
  }

  /** Returns a free port on 127.0.0.1 without listening on it, for a receiver started later. */
  public static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  synchronized void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/v1/traces", this::handle);
    server.createContext("/v1/logs", this::handleLogs);
    server.createContext("/v1/metrics", this::handleMetrics);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  synchronized void stop() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  /** Answers every request with 429 and {@code Retry-After: seconds} until told otherwise. */
  void throttle(int seconds) {
    this.retryAfterSeconds = seconds;
    this.mode = Mode.THROTTLE;
  }

  /** When each 429 was answered ({@link System#nanoTime()}). */
  List<Long> throttledAtNanos() {
    return List.copyOf(throttledAtNanos);
  }

  /** When each accepted export arrived ({@link System#nanoTime()}). */
  List<Long> acceptedAtNanos() {
    return List.copyOf(acceptedAtNanos);
  }

  /** Lets every request held in {@link Mode#HOLD} go on, and answers the later ones at once. */
  void release() {
    mode = Mode.OK;
    released.countDown();
  }

  /** The base URL an OTLP/HTTP exporter is given: {@code http://127.0.0.1:<port>}, no path. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  int requests() {
    return requests.get();
  }

  Map<String, String> lastHeaders() {
    return lastHeaders;
  }

  /** Every {@code ResourceMetrics} received on {@code /v1/metrics} so far, in arrival order. */
  public List<ResourceMetrics> resourceMetrics() {
    return List.copyOf(receivedMetrics);
  }

  /** Every {@code ResourceSpans} received so far, in arrival order. */
  public List<ResourceSpans> resourceSpans() {
    return List.copyOf(received);
  }

  List<Span> spans() {
    return received.stream()
        .flatMap(r -> r.getScopeSpansList().stream())
        .map(ScopeSpans::getSpansList)
        .flatMap(List::stream)
        .toList();
  }

  List<String> spanNames() {
    return spans().stream().map(Span::getName).toList();
  }

  /** The log records received so far, in arrival order. */
  List<LogRecord> logRecords() {
    return receivedLogs.stream()
        .flatMap(r -> r.getScopeLogsList().stream())
        .map(ScopeLogs::getLogRecordsList)
        .flatMap(List::stream)
        .toList();
  }

  /** The log export requests' resource logs received so far, in arrival order. */
  public List<ResourceLogs> resourceLogs() {
    return List.copyOf(receivedLogs);
  }

  /** Metrics are always accepted: the modes are about spans. */
  private void handleMetrics(HttpExchange exchange) throws IOException {
    receivedMetrics.addAll(ExportMetricsServiceRequest.parseFrom(body(exchange)).getResourceMetricsList());
    accept(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
        ? new GZIPInputStream(exchange.getRequestBody())
        : exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  /** Logs are always accepted: the modes are about spans. */
  private void handleLogs(HttpExchange exchange) throws IOException {
    receivedLogs.addAll(ExportLogsServiceRequest.parseFrom(body(exchange)).getResourceLogsList());
    accept(exchange, ExportLogsServiceResponse.getDefaultInstance().toByteArray());
  }

  /** Answers 200 with the protobuf {@code response} (no body when it is empty). */
  private static void accept(HttpExchange exchange, byte[] response) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
    exchange.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    exchange.getRequestHeaders().forEach((name, values) -> lastHeaders.put(name.toLowerCase(), values.get(0)));
    byte[] body = body(exchange);
    Mode current = mode;
    if (current == Mode.HOLD) {
      try {
        released.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      current = Mode.OK;
    }
    if (current == Mode.FAIL_500) {
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
      return;
    }
    if (current == Mode.THROTTLE) {
      throttledAtNanos.add(System.nanoTime());
      exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
      exchange.sendResponseHeaders(429, -1);
      exchange.close();
      return;
    }
    if (current == Mode.GARBAGE_200) {
      byte[] garbage = {(byte) 0xff, 0x00, 0x13, 0x37, (byte) 0xfe};
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, garbage.length);
      exchange.getResponseBody().write(garbage);
      exchange.close();
      return;
    }
    acceptedAtNanos.add(System.nanoTime());
    received.addAll(ExportTraceServiceRequest.parseFrom(body).getResourceSpansList());
    accept(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  @Override
  public void close() {
    released.countDown();
    stop();
  }
}
