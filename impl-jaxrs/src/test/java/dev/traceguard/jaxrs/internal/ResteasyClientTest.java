package dev.traceguard.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain RESTEasy client ({@code ClientBuilder.newClient()} with RESTEasy as the only JAX-RS implementation, as on
 * WildFly and Open Liberty) is traced with no registration: {@link ClientAutoFeature}, listed in {@code
 * META-INF/services/jakarta.ws.rs.ext.Providers}. Runs in its own surefire execution without Jersey.
 */
class ResteasyClientTest {
  private static HttpServer server;
  private static String base;

  @TempDir
  Path dir;

  /** An untraced server on 127.0.0.1 that answers the traceparent it received. */
  @BeforeAll
  static void start() throws IOException {
    ApplicationRuntime.RUNTIME.start();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/echo", exchange -> {
      byte[] body = String.valueOf(exchange.getRequestHeaders().getFirst("traceparent"))
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/echo";
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    ApplicationRuntime.RUNTIME.close();
  }

  @Test
  void plainResteasyClient_applicationHasARuntime_clientSpanAndContextInjected() throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    String echoed;
    Client client;
    try (URLClassLoader application = ApplicationRuntime.loaderIn(dir, getClass().getClassLoader())) {
      thread.setContextClassLoader(application);
      client = ClientBuilder.newClient();
      try {
        assertThat(JerseySupport.isResteasy(client.getConfiguration())).isTrue();
        echoed = client.target(base).request().get(String.class);
      } finally {
        client.close();
      }
    } finally {
      thread.setContextClassLoader(original);
    }

    assertThat(client.getClass().getName()).startsWith("org.jboss.resteasy.");
    SpanData span = ApplicationRuntime.firstSpan();
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(echoed).isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
        + span.getSpanContext().getTraceFlags().asHex());
  }
}
