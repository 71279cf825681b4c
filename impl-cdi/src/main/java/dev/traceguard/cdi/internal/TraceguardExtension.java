package dev.traceguard.cdi.internal;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.cdi.TraceguardExporter;
import dev.traceguard.core.ServerOpenTelemetry;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import java.security.CodeSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Traceguard's portable extension: owns the application's one {@link TracingRuntime} and reads {@code @Traced}
 * metadata once.
 *
 * <p>Life cycle, one per container (so one per application, never shared through {@code GlobalOpenTelemetry}):
 * <ol>
 *   <li>{@code BeforeBeanDiscovery}: the OpenTelemetry standard's {@code @WithSpan}, when the application has it,
 *       becomes an interceptor binding with its interceptor ({@link WithSpanSupport}).
 *   <li>{@code ProcessManagedBean}: the {@code @Traced}, {@code @WithSpan} and {@code @SpanAttribute} annotations of
 *       each bean class are read into {@link TracedMethods}; a blank attribute key is a definition error.
 *   <li>{@code AfterDeploymentValidation} (first among observers): the configuration is loaded (MicroProfile Config
 *       when present, else system properties and environment variables) and the runtime is created with the
 *       {@link TraceguardExporter @TraceguardExporter} exporters and every bean of type {@link ErrorListener} (besides
 *       the listeners the service loader finds); invalid configuration is a deployment problem listing every bad
 *       property. Nothing is started yet, so a deployment that fails later leaks nothing.
 *   <li>{@code @Initialized(ApplicationScoped.class)} (first among observers, see {@link TraceguardProducers}):
 *       the runtime starts, before any application observer of that event runs. A bean used even earlier starts
 *       it on first use.
 *   <li>{@code BeforeShutdown}, after every context is destroyed, so spans ended in {@code @PreDestroy} methods
 *       are kept: the queued spans are exported and the runtime stops, waiting at most {@code
 *       traceguard.shutdown.timeout}.
 * </ol>
 *
 * <p>In {@code traceguard-all-mp}, made for servers whose own MicroProfile Telemetry is on, Traceguard traces with
 * the server's OpenTelemetry ({@link TracingRuntime#onServer}): the server's beans of the OpenTelemetry types stand
 * ({@link OpenTelemetryProducers} is vetoed), the server's interceptor serves {@code @WithSpan}, and the {@code
 * @TraceguardExporter} beans receive what the server's SDK ends ({@link ApplicationExporters}). That jar carries
 * the resource {@value ServerOpenTelemetry#MARKER}, which chooses this. On a server that gives the application no
 * OpenTelemetry SDK at all, that jar's extension stays out: it vetoes Traceguard's beans, logs one WARNING and the
 * deployment goes on without Traceguard.
 *
 * <p>Thread-safe. Public with a public no-argument constructor only because the service loader and the container's
 * client proxy need them; not an API.
 */
public class TraceguardExtension implements Extension {
  private static final Logger logger = Logger.getLogger(TraceguardExtension.class.getName());

  private final boolean onServerOpenTelemetry;
  // False only for traceguard-all-mp on a server that gives the application no OpenTelemetry SDK: Traceguard then
  // stays out of the deployment, which goes on without it.
  private final boolean active;
  private final TracedMethods tracedMethods = new TracedMethods();
  private final ApplicationBeans applicationBeans = new ApplicationBeans();
  private final Object lock = new Object();
  private volatile @Nullable TracingRuntime runtime;
  private volatile Duration shutdownTimeout = DeploymentSettings.DEFAULT_SHUTDOWN_TIMEOUT;
  // Under traceguard-all-mp, whether the @TraceguardExporter beans are attached to the server's SDK.
  private volatile boolean exportsToBeans;
  // Set once start() ran (successfully or not) so the call path reads one volatile field and never locks.
  private volatile boolean startAttempted;

  /** Creates the extension; the container does, once per deployment. */
  public TraceguardExtension() {
    this(ServerOpenTelemetry.isChosen(TraceguardExtension.class.getClassLoader()),
        ServerOpenTelemetry.isVisible(TraceguardExtension.class.getClassLoader()));
  }

  TraceguardExtension(boolean onServerOpenTelemetry) {
    this(onServerOpenTelemetry, true);
  }

  TraceguardExtension(boolean onServerOpenTelemetry, boolean openTelemetryVisible) {
    this.onServerOpenTelemetry = onServerOpenTelemetry;
    this.active = !onServerOpenTelemetry || openTelemetryVisible;
  }

  /**
   * Makes the standard's {@code @WithSpan} an interceptor binding, when the application has it and the server's
   * own interceptor does not serve it already.
   */
  void bindWithSpan(@Observes BeforeBeanDiscovery event) {
    if (active && WithSpanSupport.isPresent() && !onServerOpenTelemetry) {
      WithSpanSupport.register(event);
    }
  }

  /** On the server's OpenTelemetry, the server's beans of the OpenTelemetry types are the application's. */
  void leaveOpenTelemetryBeansToServer(@Observes ProcessAnnotatedType<OpenTelemetryProducers> event) {
    if (onServerOpenTelemetry) {
      event.veto();
    }
  }

  /**
   * Binds the resource-failure interceptor to the JAX-RS resource methods of the deployment's classes (see {@link
   * ResourceMethods}); without JAX-RS on the application's class path there are none. It observes every type, for
   * which Weld logs WELD-000411 at INFO once: restricting it with {@code @WithAnnotations(Path.class)} would name a
   * JAX-RS type, which an application without JAX-RS cannot load, and making {@code @Path} itself a binding would
   * make a final resource class of a bean archive unproxyable.
   */
  <T> void bindResourceMethods(@Observes ProcessAnnotatedType<T> event) {
    if (active) {
      ResourceMethods.bind(event);
    } else if (isTraceguards(event.getAnnotatedType().getJavaClass())) {
      event.veto(); // its producers and interceptors name OpenTelemetry types the application cannot load
    }
  }

  /** Whether {@code type} comes from the jar this extension comes from. */
  private static boolean isTraceguards(Class<?> type) {
    try {
      CodeSource own = TraceguardExtension.class.getProtectionDomain().getCodeSource();
      CodeSource its = type.getProtectionDomain().getCodeSource();
      return own != null && its != null && Objects.equals(own.getLocation(), its.getLocation());
    } catch (RuntimeException e) {
      return false;
    }
  }

  <T> void readTracedMethods(@Observes ProcessManagedBean<T> event) {
    if (!active || event.getBean() instanceof Interceptor) {
      return; // the interceptors carry @Traced and @WithSpan as their bindings, not as something to trace
    }
    try {
      tracedMethods.register(event.getBean().getBeanClass(), event.getAnnotatedBeanClass());
    } catch (IllegalArgumentException e) {
      event.addDefinitionError(e);
    }
  }

  /** Notes the application's exporter and error listener beans, in whichever bean archive of the deployment. */
  <T> void noticeApplicationBeans(@Observes ProcessBean<T> event) {
    if (active) {
      applicationBeans.notice(event.getBean());
    }
  }

  void createRuntime(
      @Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) AfterDeploymentValidation event,
      BeanManager beanManager) {
    if (!active) {
      logger.warning("Traceguard: traceguard-all-mp traces with the server's MicroProfile Telemetry, but "
          + ServerTelemetryCheck.serverInSentence() + " gives this application no OpenTelemetry SDK: Traceguard stays"
          + " out of it (no tracing, no problem+json answers) and the application runs without it. Deploy"
          + " traceguard-all on this server, or enable its MicroProfile Telemetry. See docs/servers.md.");
      return;
    }
    DeploymentSettings settings;
    ClassLoader application = applicationClassLoader();
    PropertySource config = ConfigSources.forClassLoader(application);
    try {
      settings = DeploymentSettings.load(config);
    } catch (TraceguardConfigurationException e) {
      event.addDeploymentProblem(e);
      return;
    }
    (onServerOpenTelemetry ? ServerTelemetryCheck.offWarning(config) : ServerTelemetryCheck.warning(config, application))
        .ifPresent(warning -> logger.warning("Traceguard: " + warning));
    List<SpanExporter> exporters = applicationBeans.exporters(beanManager);
    // Beans are called on the runtime's error thread; an @ApplicationScoped one is a proxy, which works there since
    // the application context is active on every thread.
    List<ErrorListener> errorListeners = applicationBeans.errorListeners(beanManager);
    shutdownTimeout = settings.shutdownTimeout();
    try {
      if (onServerOpenTelemetry) {
        // One event per failure reaches the beans, as the server's exporters get them (ServerExportMasking).
        runtime = TracingRuntime.onServer(settings.tracing(), new ServerBean(beanManager), errorListeners,
            RestatedExceptions.leftOut(exporters));
        exportsToBeans = !exporters.isEmpty();
      } else {
        runtime = TracingRuntime.create(settings.tracing(), exporters, errorListeners);
      }
    } catch (TraceguardConfigurationException e) {
      event.addDeploymentProblem(e); // an ErrorListener the service loader could not create
    }
  }

  void stopRuntime(@Observes BeforeShutdown event) {
    if (exportsToBeans) {
      exportsToBeans = false;
      ApplicationExporters.detach(); // the runtime's shutdown exports what the beans' processor holds
    }
    TracingRuntime current = runtime;
    if (current == null) {
      return;
    }
    // Whatever is not delivered within the timeout is counted, and logged by the runtime before this returns.
    current.shutdown(shutdownTimeout);
  }

  /**
   * Starts the runtime if it was not started yet; called when the application context is initialized.
   *
   * @throws IllegalStateException if called before the deployment was validated
   * @throws TraceguardConfigurationException if the configuration asks for what the classpath cannot give
   */
  public void start() {
    if (!active) {
      return;
    }
    synchronized (lock) {
      TracingRuntime current = requireRuntime();
      if (startAttempted) {
        return;
      }
      startAttempted = true;
      current.start();
      current.applicationSpanProcessor().ifPresent(ApplicationExporters::attach);
      if (exportsToBeans && !ApplicationExporters.installed()) {
        // The server built the application's SDK without the customizer its autoconfigure should have found.
        logger.warning("Traceguard: " + ServerTelemetryCheck.serverInSentence() + " built this application's"
            + " OpenTelemetry SDK without Traceguard's customizer, so the @TraceguardExporter beans receive nothing;"
            + " register exporters with the server's SDK (otel.traces.exporter) instead");
      }
    }
  }

  /**
   * Returns the application's runtime, for injection, starting it if the application context was not initialized
   * yet.
   *
   * @throws IllegalStateException if called before the deployment was validated
   */
  public TracingRuntime runtime() {
    TracingRuntime current = requireRuntime();
    if (!startAttempted) {
      start();
    }
    return current;
  }

  /**
   * Returns the runtime for an intercepted call, or null when there is none yet (a bean called while the
   * deployment is still being validated). Starts it on first use; never throws: a runtime that cannot start is
   * logged once and the call goes on untraced, as the deployment itself fails on the same error.
   */
  public @Nullable TracingRuntime runtimeForCalls() {
    TracingRuntime current = runtime;
    if (current != null && !startAttempted) {
      try {
        start();
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, "Traceguard's runtime could not start; calls run untraced", e);
      }
    }
    return current;
  }

  /** Returns the {@code @Traced} metadata read at deployment. */
  public TracedMethods tracedMethods() {
    return tracedMethods;
  }

  /** Returns how long the shutdown waits for queued spans: {@code traceguard.shutdown.timeout}, default 10 s. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  private TracingRuntime requireRuntime() {
    TracingRuntime current = runtime;
    if (current == null) {
      throw new IllegalStateException(
          "Traceguard's runtime is created when the deployment is validated; it is not available before");
    }
    return current;
  }

  /**
   * The server's OpenTelemetry bean; a no-op, with one WARNING, on a server that defines none (its MicroProfile
   * Telemetry is not installed): the application deploys and answers, untraced. A class of its own, not a lambda:
   * the container reads the extension's methods, whose signatures must not name an OpenTelemetry type, which an
   * application of a server without one could not load.
   */
  private static final class ServerBean implements Supplier<OpenTelemetry> {
    private final BeanManager beanManager;

    ServerBean(BeanManager beanManager) {
      this.beanManager = beanManager;
    }

    @Override
    public OpenTelemetry get() {
      try {
        return beanManager.createInstance().select(OpenTelemetry.class).get();
      } catch (RuntimeException e) {
        logger.warning("Traceguard: traceguard-all-mp traces with the server's OpenTelemetry, but "
            + ServerTelemetryCheck.serverInSentence() + " gives this application none (" + e
            + "); requests are not traced. Enable the server's MicroProfile Telemetry, or deploy traceguard-all"
            + " instead. See docs/servers.md.");
        return OpenTelemetry.noop();
      }
    }
  }

  private ClassLoader applicationClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : TraceguardExtension.class.getClassLoader();
  }
}
