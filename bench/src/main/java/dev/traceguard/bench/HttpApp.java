package dev.traceguard.bench;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The application {@code bench/http-compare.sh} loads: {@link RequestOverheadBenchmark.UserResource} on Jersey and
 * Grizzly, on 127.0.0.1. {@code java -cp benchmarks.jar dev.traceguard.bench.HttpApp <port> <plain|traceguard>}: with
 * {@code traceguard} the feature is registered with a runtime configured from system properties and environment
 * variables; with {@code plain} nothing is (the OpenTelemetry agent, when attached, instruments that one). Runs until
 * the process is stopped; Traceguard's runtime is flushed by its shutdown.
 */
public final class HttpApp {
  private HttpApp() {}

  /**
   * Starts the application.
   *
   * @param args the port, then {@code plain} or {@code traceguard}
   */
  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    ResourceConfig application = new ResourceConfig(RequestOverheadBenchmark.UserResource.class,
        RequestOverheadBenchmark.PlainMapper.class);
    TracingRuntime runtime = null;
    if (args.length > 1 && args[1].equals("traceguard")) {
      runtime = TracingRuntime.create(TracingConfig.from(PropertySource.defaults())).start();
      application.register(new TraceguardFeature(runtime));
    }
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:" + port + "/"),
        application);
    TracingRuntime started = runtime;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      if (started != null) {
        started.close();
      }
    }));
    System.out.println("listening on 127.0.0.1:" + port + (started != null ? " with Traceguard" : ""));
    new CountDownLatch(1).await();
  }
}
