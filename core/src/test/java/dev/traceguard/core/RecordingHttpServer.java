package dev.traceguard.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver for tests that answers on every path, on 127.0.0.1 and a free port, and records each
 * request's path and headers besides its spans: for asserting where an exporter sends, which {@link
 * OtlpHttpReceiver} (listening on {@code /v1/traces} only) cannot show.
 */
final class RecordingHttpServer implements AutoCloseable {
  /** One request: its path, its headers (names in lower case, first value each) and the spans it carried. */
  record Request(String path, Map<String, String> headers, List<Span> spans) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  private RecordingHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a server on a free port of 127.0.0.1. */
  static RecordingHttpServer start() throws IOException {
    return new RecordingHttpServer();
  }

  /** Returns {@code http://127.0.0.1:<port>}, without a path. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<String> paths() {
    return requests.stream().map(Request::path).toList();
  }

  List<String> spanNames() {
    return requests.stream().flatMap(r -> r.spans().stream()).map(Span::getName).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    byte[] body;
    try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
        ? new GZIPInputStream(exchange.getRequestBody())
        : exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    List<Span> spans = ExportTraceServiceRequest.parseFrom(body).getResourceSpansList().stream()
        .flatMap(r -> r.getScopeSpansList().stream())
        .map(ScopeSpans::getSpansList)
        .flatMap(List::stream)
        .toList();
    requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(headers), spans));
    byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
    if (response.length > 0) {
      exchange.getResponseBody().write(response);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
