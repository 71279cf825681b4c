package dev.traceguard.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A real OTLP/HTTP receiver over HTTPS for tests: the JDK's HttpsServer on 127.0.0.1 with a server identity from
 * {@link TestCertificates}, optionally demanding a client certificate it trusts. It records, per request, the
 * headers, the body as it came over the wire (compressed or not), the TLS protocol and the client certificate's
 * subject, and decodes the spans.
 */
final class OtlpHttpsReceiver implements AutoCloseable {
  /** One request, as received. */
  record Request(Map<String, String> headers, byte[] body, String tlsProtocol, @Nullable String clientSubject) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<ResourceSpans> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger handled = new AtomicInteger();
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  private OtlpHttpsReceiver(TestCertificates.Identity identity, TestCertificates.@Nullable Identity trustedClient)
      throws IOException, GeneralSecurityException {
    SSLContext tls = SSLContext.getInstance("TLS");
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity.loadKeyStore(), TestCertificates.PASSWORD);
    TrustManagerFactory trust = null;
    if (trustedClient != null) {
      KeyStore clients = KeyStore.getInstance("PKCS12");
      clients.load(null, null);
      try (InputStream pem = Files.newInputStream(trustedClient.certificatePem())) {
        clients.setCertificateEntry(trustedClient.alias(), CertificateFactory.getInstance("X.509")
            .generateCertificate(pem));
      }
      trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(clients);
    }
    tls.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
    boolean needClientAuth = trustedClient != null;

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
        parameters.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(parameters);
      }
    });
    server.createContext("/v1/traces", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a receiver that any client trusting {@code identity}'s certificate can reach. */
  static OtlpHttpsReceiver start(TestCertificates.Identity identity) throws IOException, GeneralSecurityException {
    return new OtlpHttpsReceiver(identity, null);
  }

  /** Starts a receiver that also demands a client certificate, and trusts only {@code client}'s. */
  static OtlpHttpsReceiver startMutual(TestCertificates.Identity identity, TestCertificates.Identity client)
      throws IOException, GeneralSecurityException {
    return new OtlpHttpsReceiver(identity, client);
  }

  String endpoint() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests that reached the handler, so passed the TLS handshake. */
  int requests() {
    return handled.get();
  }

  List<Request> requestLog() {
    return List.copyOf(requests);
  }

  List<ResourceSpans> resourceSpans() {
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

  private void handle(HttpExchange exchange) throws IOException {
    handled.incrementAndGet();
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    byte[] wire;
    try (InputStream in = exchange.getRequestBody()) {
      wire = in.readAllBytes();
    }
    HttpsExchange https = (HttpsExchange) exchange;
    requests.add(new Request(Map.copyOf(headers), wire, https.getSSLSession().getProtocol(), clientSubject(https)));

    byte[] body = wire;
    if ("gzip".equals(headers.get("content-encoding"))) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
        body = in.readAllBytes();
      }
    }
    received.addAll(ExportTraceServiceRequest.parseFrom(body).getResourceSpansList());
    byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
    exchange.close();
  }

  private static @Nullable String clientSubject(HttpsExchange exchange) {
    try {
      Certificate[] chain = exchange.getSSLSession().getPeerCertificates();
      return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
    } catch (SSLPeerUnverifiedException e) {
      return null; // no client certificate: the normal case without mutual TLS
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("HTTPS receiver threads did not stop within 10 seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the HTTPS receiver stopped", e);
    }
  }
}
