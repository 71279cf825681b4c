package dev.traceguard.examples;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.cdi.ContextPropagation;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.ws.rs.client.Client;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jspecify.annotations.Nullable;

/**
 * The three-service demo: {@code demo-gateway} on {@code demo.port} (default 8080), {@code demo-users} on the next
 * port and {@code demo-payments} on the one after, all on {@code demo.host} (default 127.0.0.1). Each is a Jersey
 * application on Grizzly with its own Traceguard runtime and {@code service.name}; the payment service also runs a
 * Weld SE container, whose Traceguard CDI integration owns its runtime and traces a {@code @Traced} bean.
 *
 * <p>With {@code otel.metrics.exporter=prometheus}, the gateway serves {@code /metrics} on {@code
 * otel.exporter.prometheus.port} (default 9464), users on the next port and payments on the one after.
 *
 * <p>Every Traceguard and OpenTelemetry property works as a system property or environment variable. With no
 * exporter configured, the development preset applies and each finished trace is printed as a tree.
 *
 * <p>Stopping (SIGTERM, Ctrl+C, {@link #close()}) stops accepting requests, lets the ones in flight finish, exports
 * every queued span, then exits.
 */
public final class Demo implements AutoCloseable {
  static final String GATEWAY = "demo-gateway";
  static final String USERS = "demo-users";
  static final String PAYMENTS = "demo-payments";
  private static final Duration GRACE = Duration.ofSeconds(5);
  /**
   * Frameworks whose start-up and shutdown chatter (including warnings about optional parts the demo does not use:
   * WADL, JAXB, activation) would bury the traces. Held so that the levels set on them are not lost when the loggers
   * are collected.
   */
  private static final List<Logger> QUIETED = List.of(
      Logger.getLogger("org.glassfish"), Logger.getLogger("org.jboss.weld"), Logger.getLogger("io.smallrye"));

  private final DemoSettings settings;
  private final boolean development;
  private final Deque<Step> stops = new ArrayDeque<>(); // undone in reverse order
  private boolean closed; // guarded by this

  private Demo(DemoSettings settings, boolean development) {
    this.settings = settings;
    this.development = development;
  }

  /**
   * Starts the demo and prints how to use it. Exits with status 2 and a message naming the property when the
   * configuration is invalid.
   */
  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.config.file") == null) {
      // Their errors still show; java.util.logging.config.file restores everything.
      QUIETED.forEach(logger -> logger.setLevel(Level.SEVERE));
    }
    Demo demo;
    try {
      demo = start(PropertySource.defaults());
    } catch (IllegalArgumentException | TraceguardConfigurationException e) {
      // Both name the property, its value and the rule: that is all a user needs, without a stack trace.
      System.err.println("traceguard-demo: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "traceguard-demo-shutdown"));
    System.out.println(demo.banner());
  }

  /**
   * Starts the three services.
   *
   * @param settingsSource where {@code demo.host} and {@code demo.port} are read
   * @throws IllegalArgumentException naming the property, when {@code demo.host} or {@code demo.port} is invalid
   * @throws TraceguardConfigurationException naming every invalid Traceguard property; nothing is left running then
   */
  static Demo start(PropertySource settingsSource) {
    DemoSettings settings = DemoSettings.load(settingsSource);
    ClassLoader appLoader = Demo.class.getClassLoader();
    boolean development = !ServiceConfig.exporterConfigured(appLoader);
    // All configuration is read before anything starts: a bad property stops the demo with nothing to undo.
    TracingConfig gatewayConfig = tracingConfig(GATEWAY, 0, development, appLoader);
    TracingConfig usersConfig = tracingConfig(USERS, 1, development, appLoader);
    Demo demo = new Demo(settings, development);
    try {
      demo.startUsers(usersConfig);
      demo.startPayments(development, appLoader);
      demo.startGateway(gatewayConfig);
      return demo;
    } catch (RuntimeException | Error e) {
      demo.close();
      // Weld wraps a configuration error of the payment service's in a DeploymentException: unwrap it.
      Throwable configuration = rootConfigurationError(e);
      if (configuration != null) {
        throw (TraceguardConfigurationException) configuration;
      }
      throw e;
    }
  }

  private static TracingConfig tracingConfig(
      String service, int metricsPortOffset, boolean development, ClassLoader loader) {
    return TracingConfig.from(ServiceConfig.propertySource(
        ServiceConfig.create(service, metricsPortOffset, development, loader)));
  }

  private void startUsers(TracingConfig config) {
    TracingRuntime runtime = runtime(config);
    serve(settings.users(), new ResourceConfig()
        .register(UsersResource.class)
        .register(HealthResource.class)
        .register(new TraceguardFeature(runtime)));
  }

  private void startPayments(boolean development, ClassLoader appLoader) {
    // The CDI integration reads MicroProfile Config of the thread's context class loader when the container starts:
    // a loader of its own gives this service a configuration of its own, as a server gives each application.
    URLClassLoader loader = new URLClassLoader(new URL[0], appLoader);
    SmallRyeConfig config = ServiceConfig.create(PAYMENTS, 2, development, loader);
    ConfigProviderResolver.instance().registerConfig(config, loader);
    stops.push(() -> {
      ConfigProviderResolver.instance().releaseConfig(config);
      loader.close();
    });
    Topology topology = new Topology(settings.users());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    WeldContainer container;
    thread.setContextClassLoader(loader);
    try {
      Weld weld = new Weld(PAYMENTS);
      // With discovery disabled Weld SE loads no extension by itself: add the services, as a container would.
      ServiceLoader.load(Extension.class, loader).forEach(weld::addExtension);
      container = weld
          .disableDiscovery()
          .setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
          // Traceguard's interceptor and producers: the jar's bean classes, found by package as discovery would.
          .addPackages(true, ContextPropagation.class)
          .addBeanClasses(AccountDirectory.class)
          .addExtension(new DemoBeans(topology))
          .property(Weld.SHUTDOWN_HOOK_SYSTEM_PROPERTY, false)
          .initialize();
    } finally {
      thread.setContextClassLoader(previous);
    }
    // Shutting the container down exports the queued spans and stops its runtime (Traceguard's CDI life cycle).
    stops.push(container::shutdown);
    TracingRuntime runtime = container.select(TracingRuntime.class).get();
    serve(settings.payments(), new ResourceConfig()
        .register(new PaymentsResource(container.select(AccountDirectory.class).get()))
        .register(HealthResource.class)
        .register(new TraceguardFeature(runtime)));
  }

  private void startGateway(TracingConfig config) {
    TracingRuntime runtime = runtime(config);
    Client client = Clients.traced(runtime);
    stops.push(client::close);
    serve(settings.gateway(), new ResourceConfig()
        .register(new GatewayResource(new Downstream("user", client.target(settings.users())),
            new Downstream("payment", client.target(settings.payments()))))
        .register(new TraceContextTestResource(client))
        .register(HealthResource.class)
        .register(new TraceguardFeature(runtime)));
  }

  private TracingRuntime runtime(TracingConfig config) {
    TracingRuntime runtime = TracingRuntime.create(config).start();
    stops.push(() -> runtime.shutdown(config.shutdownTimeout()));
    return runtime;
  }

  private void serve(URI uri, ResourceConfig application) {
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(uri, application, true);
    // Stopped before the runtimes: requests in flight finish, and their spans are then exported.
    stops.push(() -> server.shutdown(GRACE.toMillis(), TimeUnit.MILLISECONDS).get());
  }

  /**
   * Stops the services: no new requests, in-flight ones finish (at most 5 s), every queued span is exported (at most
   * {@code traceguard.shutdown.timeout} per service, the console printing the last trees). Idempotent; never throws.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    while (!stops.isEmpty()) {
      try {
        stops.pop().run();
      } catch (Exception e) {
        System.err.println("traceguard-demo: while stopping: " + e);
      }
    }
  }

  /** What the demo prints when it has started: its services and what to try. */
  String banner() {
    String gateway = settings.gateway().toString();
    String api = gateway + "api";
    return String.join("\n",
        "",
        "Traceguard demo: three services, each with its own Traceguard runtime",
        "  " + GATEWAY + "   " + gateway,
        "  " + USERS + "     " + settings.users(),
        "  " + PAYMENTS + "  " + settings.payments(),
        development
            ? "No exporter configured (otel.traces.exporter): each service prints its finished traces below."
            : "Spans go to the configured exporter (otel.traces.exporter).",
        "Try:",
        "  curl -s " + api + "/users/42",
        "  curl -s " + api + "/users/1000",
        "  curl -s '" + api + "/users/search?email=alice.smith@example.com'",
        "  curl -s -H 'Content-Type: application/json' -d '{\"userId\": 1, \"card\": \"4111 1111 1111 1111\","
            + " \"amount\": 12.5}' " + api + "/checkout",
        "  curl -s " + api + "/boom",
        "Ctrl+C exports every queued span, then stops.",
        "");
  }

  private static @Nullable Throwable rootConfigurationError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TraceguardConfigurationException) {
        return t;
      }
    }
    return null;
  }

  /** One thing to undo when the demo stops. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }
}
