package dev.traceguard.cdi;

import dev.traceguard.jaxrs.TraceguardFeature;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Both integrations in one application, as a Jakarta EE server runs them: Jersey on Grizzly (127.0.0.1, a free port)
 * over a Weld SE container, the resource a CDI bean (jersey-cdi1x, with Weld's request context from jersey-weld2-se),
 * and the feature registered without a runtime, so that it must take the container's through the {@code
 * TracingRuntimeProvider} service. Traceguard's extension and beans come from the jar as an application gets them.
 *
 * <p>The container's configuration is given as system properties while it starts, with a fresh context class loader
 * so MicroProfile Config is built anew and sees them, and removed right after. {@link #close()} stops the server,
 * then the container if a test did not.
 */
final class JerseyOnWeld implements AutoCloseable {
  /** How long a request or a wait may take. */
  static final Duration WAIT = Duration.ofSeconds(10);

  // HTTP/1.1: the client's default HTTP/2 attempt sends an h2c upgrade request, which Grizzly without its HTTP/2
  // module answers without the Content-Type header.
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
  private final WeldContainer container;
  private final HttpServer server;
  private final URI base;

  private JerseyOnWeld(WeldContainer container, HttpServer server) {
    this.container = container;
    this.server = server;
    this.base = URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");
  }

  /** Starts a container with {@code config} and the given beans, then the server with {@code resource}. */
  static JerseyOnWeld start(Map<String, String> config, Class<?> resource, Class<?>... otherBeans)
      throws IOException {
    WeldContainer container = startContainer(config, resource, otherBeans);
    try {
      ResourceConfig application = new ResourceConfig(resource).register(new TraceguardFeature());
      // Port 0: Grizzly binds a free port, read back from its listener, so no other process can take it meanwhile.
      return new JerseyOnWeld(container,
          GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), application));
    } catch (RuntimeException e) {
      container.shutdown();
      throw e;
    }
  }

  private static WeldContainer startContainer(Map<String, String> config, Class<?> resource, Class<?>... otherBeans)
      throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    Map<String, String> previous = new HashMap<>();
    config.forEach((k, v) -> previous.put(k, System.getProperty(k)));
    try (URLClassLoader loader = new URLClassLoader(new URL[0], original)) {
      config.forEach(System::setProperty);
      thread.setContextClassLoader(loader);
      try {
        return new Weld().addBeanClasses(resource).addBeanClasses(otherBeans).initialize();
      } finally {
        thread.setContextClassLoader(original);
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig(loader));
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

  WeldContainer container() {
    return container;
  }

  /** The server's root, {@code http://127.0.0.1:<port>/}. */
  URI base() {
    return base;
  }

  /** GETs {@code path} relative to {@link #base()}. */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(base.resolve(path));
  }

  /** GETs {@code uri}, for another server on the same machine (a metrics endpoint). */
  HttpResponse<String> send(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      server.shutdownNow();
    } finally {
      if (container.isRunning()) {
        container.shutdown();
      }
    }
  }
}
