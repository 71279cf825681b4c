package dev.traceguard.core;

import static dev.traceguard.core.internal.ExportLedger.millisLeft;
import static java.util.Objects.requireNonNull;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.Propagator;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.core.internal.ApplicationExport;
import dev.traceguard.core.internal.AutoconfiguredSdk;
import dev.traceguard.core.internal.ConfiguredPropagator;
import dev.traceguard.core.internal.DeferredStackTraces;
import dev.traceguard.core.internal.ErrorDispatcher;
import dev.traceguard.core.internal.ExportCounters;
import dev.traceguard.core.internal.ExportLedger;
import dev.traceguard.core.internal.JulLogBridge;
import dev.traceguard.core.internal.QueueDropMonitor;
import dev.traceguard.core.internal.SdkExportLogs;
import dev.traceguard.core.internal.SemconvExceptionTracer;
import dev.traceguard.core.internal.W3CPropagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * One application's tracing: the OpenTelemetry SDK built by OpenTelemetry's autoconfigure from a {@link
 * TracingConfig} (every standard {@code otel.*} property, every provider on the creating thread's context class
 * loader), with its exporters, batch
 * processor and retry buffers, and the objects the integrations hand out (tracer, propagator, exception tracer,
 * masker).
 *
 * <p>Each application owns one runtime and never touches {@code GlobalOpenTelemetry}, so two applications in one
 * server do not share or overwrite each other's SDK. Life cycle: {@link #create} validates and builds nothing;
 * {@link #start()} builds the SDK (and starts the batch processor's thread, and the metric readers when metrics are
 * exported); {@link #shutdown(Duration)} exports every queued span, pushes the last metrics and stops. A disabled configuration never builds an SDK nor starts a thread: every accessor
 * hands out no-ops. Before {@code start()} and after {@code shutdown}, accessors also hand out no-ops, so callers
 * should take their tracer after starting.
 *
 * <p>Error listeners ({@link ErrorListener}) given to {@link #create(TracingConfig, List, List)} or found through
 * {@link ServiceLoader} in the creating thread's context class loader are told of every failure the {@linkplain
 * #errors() error recorder} records, once, when its entry point ends, on a daemon thread the runtime starts with
 * itself and stops at shutdown. With no listener, no such thread exists and recording costs nothing more.
 *
 * <p>A runtime {@linkplain #onServer created on the server's OpenTelemetry} builds no SDK: its tracer, propagators
 * and meter provider are the server's (MicroProfile Telemetry's), which exports; the server's export is masked by
 * {@code ServerExportMasking}, which the server's autoconfigure finds in {@code traceguard-all-mp}. The
 * application's own exporters, if any, get the server's spans through a batch processor the runtime keeps the books
 * of ({@link #applicationSpanProcessor()}).
 *
 * <p>Thread-safe: start, flush and shutdown may be called from any thread, any number of times.
 */
public final class TracingRuntime implements AutoCloseable {
  private static final Logger logger = Logger.getLogger(TracingRuntime.class.getName());
  /**
   * What the SDK's waits at shutdown need ({@code CompletableResultCode.join}), resolved through the application's
   * class loader now: a web container may have stopped that loader by the time the runtime shuts down (Payara
   * Micro does for the application it deployed at boot), and then refuses any class not loaded before.
   */
  private static final Class<?> NEEDED_AT_SHUTDOWN = CountDownLatch.class;

  /** The instrumentation scope of Traceguard's own spans: {@value}. */
  public static final String INSTRUMENTATION_SCOPE = "dev.traceguard";

  private enum State { NEW, RUNNING, SHUT_DOWN }

  private final TracingConfig config;
  private final ExportCounters counters;
  // Where the SDK's autoconfigure looks for providers: the creating application's, not the container's.
  private final ClassLoader classLoader;
  private final List<SpanExporter> additionalExporters;
  private final @Nullable ExportLedger ledger; // null when disabled: no SDK part is built at all
  private final Propagator propagator;
  private final ErrorRecorder errors;
  private final PiiMasker piiMasker;
  private final @Nullable ErrorDispatcher errorDispatcher; // null when there is no listener or when disabled
  // The server's OpenTelemetry, asked for at start, when Traceguard runs on it rather than on an SDK of its own.
  private final @Nullable Supplier<OpenTelemetry> server;
  private volatile @Nullable OpenTelemetry serverOpenTelemetry;
  // On the server's OpenTelemetry, the export to the application's own exporters, while running.
  private volatile @Nullable ApplicationExport applicationExport;
  private final Object lock = new Object();
  private volatile State state = State.NEW;
  private volatile @Nullable OpenTelemetrySdk sdk;
  private @Nullable JulLogBridge logBridge; // guarded by lock; only while logs are exported
  private @Nullable RuntimeTelemetry jvmMetrics; // guarded by lock; only while metrics are exported
  private volatile Tracer tracer = OpenTelemetry.noop().getTracer(INSTRUMENTATION_SCOPE);
  private volatile TraceguardMetrics metrics = TraceguardMetrics.noop();

  private TracingRuntime(TracingConfig config, List<SpanExporter> additionalExporters,
      List<ErrorListener> errorListeners, @Nullable Supplier<OpenTelemetry> server) {
    this.config = config;
    this.server = config.isEnabled() ? server : null;
    this.additionalExporters = List.copyOf(additionalExporters);
    this.counters = new ExportCounters(config.serviceName());
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.classLoader = context != null ? context : TracingRuntime.class.getClassLoader();
    if (config.isEnabled()) {
      this.ledger = this.server != null ? null
          : new ExportLedger(config.serviceName(), counters, new QueueDropMonitor(counters));
      this.piiMasker = AutoconfiguredSdk.masker(config);
      // On the server's OpenTelemetry, the server's propagators are the ones its own client filters inject with.
      this.propagator = this.server == null && ConfiguredPropagator.isW3cOnly(config.propagators())
          ? W3CPropagator.create(config.propagators())
          : new ConfiguredPropagator();
      // Traceguard's SDK records exceptions without their stack traces, which its exporters render; the server's
      // exporters do not, so on the server's SDK they are rendered when recorded.
      ExceptionTracer semconv = this.server != null
          ? SemconvExceptionTracer.create(config.stackTraceMode(), config.maxStackFrames(), config.isServerErrorOn4xx())
          : SemconvExceptionTracer.createDeferred(
              DeferredStackTraces.mode(config), config.maxStackFrames(), config.isServerErrorOn4xx());
      List<ErrorListener> listeners = new ArrayList<>(errorListeners);
      listeners.addAll(discoverErrorListeners());
      this.errorDispatcher = listeners.isEmpty() ? null
          : new ErrorDispatcher(listeners, ErrorDispatcher.DEFAULT_CAPACITY, config.serviceName(), piiMasker);
      this.errors = new ErrorRecorder(semconv, this::metrics, errorDispatcher);
    } else {
      this.errorDispatcher = null;
      this.ledger = null;
      this.piiMasker = PiiMasker.noop();
      this.propagator = Propagator.noop();
      this.errors = ErrorRecorder.disabled();
    }
  }

  /** Returns a runtime for {@code config}, not yet started. Builds nothing and starts no thread. */
  public static TracingRuntime create(TracingConfig config) {
    return create(config, List.of());
  }

  /**
   * Returns a runtime for {@code config} that also exports to {@code additionalExporters}, behind the same batch
   * processor as the configured ones (for example an application's own exporter, or an in-memory one in tests).
   * Not yet started; the runtime shuts the exporters down with itself. Ignored when the configuration is disabled.
   */
  public static TracingRuntime create(TracingConfig config, List<SpanExporter> additionalExporters) {
    return create(config, additionalExporters, List.of());
  }

  /**
   * Returns a runtime as {@link #create(TracingConfig, List)} does, whose recorded errors also go to {@code
   * errorListeners}, besides those {@link ServiceLoader} finds in the calling thread's context class loader (the
   * CDI integration passes the application's {@code ErrorListener} beans here). Not yet started; listeners are
   * ignored when the configuration is disabled.
   *
   * @throws TraceguardConfigurationException if a listener registered for the service loader cannot be loaded
   */
  public static TracingRuntime create(
      TracingConfig config, List<SpanExporter> additionalExporters, List<ErrorListener> errorListeners) {
    requireNonNull(additionalExporters, "additionalExporters").forEach(e -> requireNonNull(e, "exporter"));
    requireNonNull(errorListeners, "errorListeners").forEach(l -> requireNonNull(l, "errorListener"));
    return new TracingRuntime(requireNonNull(config, "config"), additionalExporters, errorListeners, null);
  }

  /**
   * Returns a runtime that traces with the server's OpenTelemetry instead of building an SDK: on a server whose
   * MicroProfile Telemetry is on, where the server starts the SERVER spans and exports. {@code server} is asked once,
   * at {@link #start()}; its tracer, propagators and meter provider are then the runtime's. Of Traceguard's
   * instruments only {@value TraceguardMetrics#ERRORS} records, on the server's meter provider (the server measures
   * its requests itself: {@link TraceguardMetrics#errorsOnly}), and {@link #shutdown} stops only what Traceguard
   * started: the error listeners' thread. Exceptions are recorded with their stack traces rendered at once, since
   * the server's exporters do not render them. Not yet started; ignored when the configuration is disabled.
   *
   * @throws TraceguardConfigurationException if a listener registered for the service loader cannot be loaded
   */
  public static TracingRuntime onServer(
      TracingConfig config, Supplier<OpenTelemetry> server, List<ErrorListener> errorListeners) {
    return onServer(config, server, errorListeners, List.of());
  }

  /**
   * Returns a runtime as {@link #onServer(TracingConfig, Supplier, List)} does that also exports the server SDK's
   * spans to {@code applicationExporters} (the application's own, such as CDI's {@code @TraceguardExporter} beans),
   * through the processor {@link #applicationSpanProcessor()} returns once started. That export is Traceguard's: masked
   * by {@code config}'s rules, batched with its batch settings, its drops counted ({@link #droppedSpans}) and logged,
   * flushed by {@link #forceFlush} and stopped by {@link #shutdown}, as a Traceguard SDK's own.
   *
   * @throws TraceguardConfigurationException if a listener registered for the service loader cannot be loaded
   */
  public static TracingRuntime onServer(TracingConfig config, Supplier<OpenTelemetry> server,
      List<ErrorListener> errorListeners, List<SpanExporter> applicationExporters) {
    requireNonNull(server, "server");
    requireNonNull(errorListeners, "errorListeners").forEach(l -> requireNonNull(l, "errorListener"));
    requireNonNull(applicationExporters, "applicationExporters").forEach(e -> requireNonNull(e, "exporter"));
    return new TracingRuntime(requireNonNull(config, "config"), applicationExporters, errorListeners, server);
  }

  private static List<ErrorListener> discoverErrorListeners() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = context != null ? context : ErrorListener.class.getClassLoader();
    List<ErrorListener> found = new ArrayList<>();
    try {
      ServiceLoader.load(ErrorListener.class, loader).forEach(found::add);
    } catch (ServiceConfigurationError e) {
      throw new TraceguardConfigurationException(List.of("An ErrorListener registered in META-INF/services/"
          + ErrorListener.class.getName() + " could not be loaded: " + e.getMessage()));
    }
    return found;
  }

  /**
   * Builds the SDK and starts exporting; does nothing when already running or when the configuration is disabled.
   *
   * @return this runtime
   * @throws IllegalStateException if the runtime was shut down (a runtime is not restarted; create a new one)
   * @throws dev.traceguard.api.TraceguardConfigurationException if the configuration asks for what the classpath
   *     cannot give, such as OTLP over gRPC without a gRPC sender
   */
  public TracingRuntime start() {
    synchronized (lock) {
      if (state == State.SHUT_DOWN) {
        throw new IllegalStateException("A TracingRuntime that was shut down cannot start again");
      }
      if (state == State.RUNNING) {
        return this;
      }
      if (server != null) {
        OpenTelemetry serverSdk = requireNonNull(server.get(), "the server's OpenTelemetry");
        // First, as it may fail start-up (an unwritable retry directory) before anything is bound.
        if (!additionalExporters.isEmpty()) {
          applicationExport = ApplicationExport.start(additionalExporters, config, piiMasker, counters);
        }
        ((ConfiguredPropagator) propagator).bind(serverSdk.getPropagators().getTextMapPropagator());
        tracer = serverSdk.getTracer(INSTRUMENTATION_SCOPE);
        metrics = TraceguardMetrics.errorsOnly(serverSdk.getMeterProvider());
        serverOpenTelemetry = serverSdk;
      } else if (ledger != null) {
        OpenTelemetrySdk built = AutoconfiguredSdk.build(config, ledger, additionalExporters, piiMasker, classLoader);
        if (propagator instanceof ConfiguredPropagator configured) {
          configured.bind(built.getPropagators().getTextMapPropagator());
        }
        sdk = built;
        SdkExportLogs.hold();
        tracer = built.getTracer(INSTRUMENTATION_SCOPE);
        // Without a metric exporter the SDK's meter provider has no reader: skip even building the instruments.
        boolean exportsMetrics = AutoconfiguredSdk.exportsMetrics(config);
        metrics = exportsMetrics ? TraceguardMetrics.create(built.getMeterProvider()) : TraceguardMetrics.noop();
        if (exportsMetrics) {
          // OpenTelemetry's own JVM instrumentation, observed when the readers collect: no thread of its own.
          jvmMetrics = RuntimeTelemetry.create(built);
        }
        if (AutoconfiguredSdk.exportsLogs(config)) {
          logBridge = JulLogBridge.install(built.getLogsBridge(), config);
        }
      }
      if (errorDispatcher != null) {
        errorDispatcher.start();
      }
      state = State.RUNNING;
      return this;
    }
  }

  /**
   * Exports every span ended so far, tries at once to send what the retry buffers hold, and waits for the
   * exporters, at most {@code timeout}.
   *
   * @return true when every span ended so far reached its exporters in time (also when there is nothing to
   *     export); false when the time ran out, an export failed while the flush waited, or spans are still held for
   *     retry (they stay held, or were dropped and counted), since the SDK's batch processor reports a flush as
   *     done whatever its exports answered
   */
  public boolean forceFlush(Duration timeout) {
    ApplicationExport application = applicationExport;
    if (application != null) {
      long failedBefore = counters.failedExports();
      return application.flush(System.nanoTime() + timeout.toNanos()) && counters.failedExports() == failedBefore;
    }
    OpenTelemetrySdk current = sdk;
    ExportLedger books = ledger;
    if (current == null || books == null) { // the ledger is null only when nothing was built
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long failedBefore = counters.failedExports();
    CompletableResultCode others = CompletableResultCode.ofAll(List.of(current.getSdkLoggerProvider().forceFlush(),
        current.getSdkMeterProvider().forceFlush()));
    boolean flushed = books.flushUntilHanded(current.getSdkTracerProvider()::forceFlush, deadline);
    flushed &= others.join(millisLeft(deadline), TimeUnit.MILLISECONDS).isSuccess();
    // Then what failed exports left in the retry buffers, before or during this flush.
    flushed &= books.retryHeld().join(millisLeft(deadline), TimeUnit.MILLISECONDS).isSuccess();
    return flushed && counters.failedExports() == failedBefore;
  }

  /**
   * Exports every queued span, then stops the batch processors, their worker threads and the exporters, waiting at
   * most {@code timeout} in all. Every span not delivered by then (still queued, in an export that has not answered,
   * or waiting in a retry buffer) is counted as {@link DropReason#SHUTDOWN}, and one WARNING with the totals and the
   * endpoints is logged, before this returns. Afterwards every accessor hands out no-ops. Calling it again does
   * nothing and returns true.
   *
   * @return true when every span was delivered and everything stopped in time
   */
  public boolean shutdown(Duration timeout) {
    OpenTelemetrySdk current;
    RuntimeTelemetry jvm;
    ApplicationExport application;
    synchronized (lock) {
      if (state == State.SHUT_DOWN) {
        return true;
      }
      state = State.SHUT_DOWN;
      current = sdk;
      sdk = null;
      serverOpenTelemetry = null;
      application = applicationExport;
      applicationExport = null;
      if (logBridge != null) { // first, so that the last records logged are in the last batch
        logBridge.close();
        logBridge = null;
      }
      jvm = jvmMetrics;
      jvmMetrics = null;
      tracer = OpenTelemetry.noop().getTracer(INSTRUMENTATION_SCOPE);
      metrics = TraceguardMetrics.noop();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    if (current == null || ledger == null) {
      boolean exported = application == null || application.shutdown(deadline);
      return (errorDispatcher == null
          || errorDispatcher.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) && exported;
    }
    boolean done = false;
    boolean reported = false;
    try {
      // SdkTracerProvider.shutdown flushes the batch processor's queue before it stops the exporters, but may take a
      // flush that just ended for its own (see ExportLedger#flushUntilHanded): flushed here first.
      ledger.flushUntilHanded(current.getSdkTracerProvider()::forceFlush, deadline);
      CompletableResultCode spans = current.getSdkTracerProvider().shutdown();
      // Exports may go on after this returns, until their own time-out: the SDK's messages stay held back until then.
      spans.whenComplete(SdkExportLogs::release);
      // Error reports drain on their own thread meanwhile.
      reported = errorDispatcher == null
          || errorDispatcher.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      CompletableResultCode logs = current.getSdkLoggerProvider().shutdown();
      done = spans.join(millisLeft(deadline), TimeUnit.MILLISECONDS).isSuccess();
      done &= ledger.settle() == 0;
      done &= logs.join(millisLeft(deadline), TimeUnit.MILLISECONDS).isSuccess();
      // After the spans, so the last push of metrics (and a last scrape's view) includes the final drop counts; this
      // also stops the Prometheus server.
      done &= current.getSdkMeterProvider().shutdown().join(millisLeft(deadline), TimeUnit.MILLISECONDS)
          .isSuccess();
    } catch (RuntimeException | LinkageError e) {
      // A web container may stop the application's class loader before this runs (Payara Micro does for the
      // application it deployed at boot), and then refuses any class needed here for the first time. The export
      // threads must end all the same.
      done = false;
      logger.log(Level.WARNING, "Traceguard [{0}] could not finish shutting down: {1}",
          new Object[] {config.serviceName(), e});
    } finally {
      // Last, so that no worker is interrupted while it still has something to export.
      done &= ledger.threads().end(deadline);
      if (jvm != null) {
        jvm.close(); // after the last push, which still reports the JVM
      }
    }
    return done && reported;
  }

  /** Shuts down, waiting at most {@code traceguard.shutdown.timeout} ({@link TracingConfig#shutdownTimeout()}). */
  @Override
  public void close() {
    shutdown(config.shutdownTimeout());
  }

  /** Returns true between {@link #start()} and {@link #shutdown(Duration)}, also for a disabled configuration. */
  public boolean isRunning() {
    return state == State.RUNNING;
  }

  /** Returns the configuration this runtime was created from. */
  public TracingConfig config() {
    return config;
  }

  /**
   * Returns the application's OpenTelemetry: the SDK (or, {@linkplain #onServer on the server's}, the server's) while
   * running, a no-op otherwise. Its meter provider is the SDK's when {@code otel.metrics.exporter} names an exporter
   * (applications may add their own instruments to it), a no-op when it is {@code none}.
   */
  public OpenTelemetry openTelemetry() {
    OpenTelemetry current = sdk;
    if (current == null) {
      current = serverOpenTelemetry;
    }
    return current != null ? current : OpenTelemetry.noop();
  }

  /**
   * Returns the processor through which the server's SDK hands its ended spans to the application's exporters given
   * to {@link #onServer(TracingConfig, Supplier, List, List)}, while this runtime runs; empty when there are none,
   * before {@link #start()} and after {@link #shutdown}. The server's SDK must be built with a processor that
   * forwards to it ({@code traceguard-all-mp}'s customizer is one).
   */
  public Optional<SpanProcessor> applicationSpanProcessor() {
    ApplicationExport application = applicationExport;
    return application == null ? Optional.empty() : Optional.of(application.processor());
  }

  /** Returns true when this runtime traces with the server's OpenTelemetry ({@link #onServer}). */
  public boolean usesServerOpenTelemetry() {
    return server != null;
  }

  /**
   * Returns Traceguard's instruments ({@value TraceguardMetrics#ERRORS}, {@value
   * TraceguardMetrics#SERVER_REQUEST_DURATION}) on this runtime's meter provider while running with a metric
   * exporter configured ({@code otel.metrics.exporter}); instruments that record nothing otherwise. On the server's
   * OpenTelemetry ({@link #onServer}), {@value TraceguardMetrics#ERRORS} alone, on the server's meter provider.
   */
  public TraceguardMetrics metrics() {
    return metrics;
  }

  /** Returns the tracer of scope {@value #INSTRUMENTATION_SCOPE}: the SDK's while running, a no-op otherwise. */
  public Tracer tracer() {
    return tracer;
  }

  /** Returns the context propagator configured by {@code otel.propagators}; a no-op when disabled. */
  public Propagator propagator() {
    return propagator;
  }

  /**
   * Returns the exception tracer configured by {@code traceguard.exception.*}: the {@linkplain #errors() error
   * recorder}, which besides recording counts each failure in {@value TraceguardMetrics#ERRORS} and reports it to
   * the error listeners once per entry point; a no-op when disabled. Thread-safe.
   */
  public ExceptionTracer exceptionTracer() {
    return config.isEnabled() ? errors : ExceptionTracer.noop();
  }

  /**
   * Returns the error recorder: what integrations record failures through, note in an entry point's {@link
   * ErrorScope} and end that scope with. Records, counts and reports nothing when disabled. Thread-safe.
   */
  public ErrorRecorder errors() {
    return errors;
  }

  /**
   * Returns the masker applied to every span on export (configured by {@code traceguard.pii.*}), for application
   * code that wants to mask its own logs the same way; a no-op when masking or Traceguard is turned off.
   */
  public PiiMasker piiMasker() {
    return piiMasker;
  }

  /** Returns how many spans were dropped for {@code reason} since this runtime was created. */
  public long droppedSpans(DropReason reason) {
    requireNonNull(reason, "reason");
    if (reason == DropReason.QUEUE_FULL && ledger != null) {
      ledger.updateQueueDrops();
    }
    return counters.dropped(reason);
  }

  /**
   * Returns how many error reports were dropped since this runtime was created because the error listeners were
   * behind (their queue of {@value ErrorDispatcher#DEFAULT_CAPACITY} was full) or the runtime was shut down; 0 when
   * there is no listener.
   */
  public long droppedErrorReports() {
    return errorDispatcher == null ? 0 : errorDispatcher.dropped();
  }

  /** Returns how many calls to error listeners threw since this runtime was created; 0 when there is none. */
  public long failedErrorListenerCalls() {
    return errorDispatcher == null ? 0 : errorDispatcher.listenerFailures();
  }

  @Override
  public String toString() {
    return "TracingRuntime{service=" + config.serviceName() + ", state=" + state + ", exporters="
        + config.exporters() + '}';
  }
}
