package dev.traceguard.cdi.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.junit5.WeldInitiator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Builds the Weld SE containers of the tests: Traceguard's extension and beans, a test exporter, and the beans given. */
final class TestContainers {
  private TestContainers() {}

  /** A container with discovery off: the extension, the interceptor, the producers, {@link TestExporter}, beans. */
  static Weld weld(Class<?>... beanClasses) {
    return weld(new TraceguardExtension(), beanClasses);
  }

  /** A container as {@link #weld(Class[])} builds it, with {@code extension} as Traceguard's. */
  static Weld weld(TraceguardExtension extension, Class<?>... beanClasses) {
    return WeldInitiator.createWeld()
        .addExtension(extension)
        .addBeanClasses(TracedInterceptor.class, TraceguardProducers.class, OpenTelemetryProducers.class,
            TestExporter.class)
        .addBeanClasses(beanClasses);
  }

  /** Returns the one span with the given name. */
  static SpanData span(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    if (named.size() != 1) {
      throw new AssertionError("Expected one span named " + name + " but found " + spans);
    }
    return named.get(0);
  }

  /** A free port on 127.0.0.1, for a Prometheus endpoint. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The system properties of a container whose metrics are scraped from 127.0.0.1:{@code port}, no span exported. */
  static Map<String, String> prometheusOn(int port) {
    return Map.of(
        "otel.traces.exporter", "none",
        "otel.metrics.exporter", "prometheus",
        "otel.exporter.prometheus.host", "127.0.0.1",
        "otel.exporter.prometheus.port", Integer.toString(port));
  }

  /** The text a Prometheus scrape of 127.0.0.1:{@code port} returns; fails unless it answers 200. */
  static String scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("scrape answered " + response.statusCode());
    }
    return response.body();
  }

  static Set<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  static Predicate<String> batchWorker() {
    return name -> name.startsWith("BatchSpanProcessor_WorkerThread");
  }

  /**
   * Runs {@code action} (typically a container's start, when configuration is read) with the given system
   * properties and a fresh context class loader, so that MicroProfile Config is built anew for it and sees them;
   * restores both and drops that config afterwards.
   */
  static <T> T withConfig(Map<String, String> systemProperties, Callable<T> action) throws Exception {
    return withConfig(systemProperties, new URL[0], action);
  }

  /** As {@link #withConfig(Map, Callable)}, with extra class path entries (for a microprofile-config.properties). */
  static <T> T withConfig(Map<String, String> systemProperties, URL[] classPath, Callable<T> action)
      throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    Map<String, String> previous = new HashMap<>();
    systemProperties.forEach((k, v) -> previous.put(k, System.getProperty(k)));
    try (URLClassLoader loader = new URLClassLoader(classPath, original)) {
      systemProperties.forEach(System::setProperty);
      thread.setContextClassLoader(loader);
      try {
        return action.call();
      } finally {
        thread.setContextClassLoader(original);
        releaseConfig(loader);
        previous.forEach((k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
      }
    }
  }

  /** Drops the MicroProfile Config that SmallRye cached for {@code loader}, so the next read builds it anew. */
  static void releaseConfig(ClassLoader loader) {
    ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig(loader));
  }
}
