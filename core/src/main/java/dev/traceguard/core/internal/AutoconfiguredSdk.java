package dev.traceguard.core.internal;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.DropReason;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TraceguardMetrics;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.internal.pii.ScanningPiiMasker;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Builds an application's OpenTelemetry SDK with the SDK's own autoconfigure, from {@link SdkProperties} and the
 * providers on the application's class path, and adds Traceguard's parts through autoconfigure's customizer hooks:
 *
 * <ul>
 *   <li>resource: cheap process facts, never a reverse DNS lookup;
 *   <li>sampler: wrapped in {@link KeepErrorsSampler} with {@code traceguard.sampler.keep-errors};
 *   <li>propagators: W3C Trace Context replaced by {@link W3CPropagator}'s strict reading;
 *   <li>every span exporter, whatever its origin: PII masking and stack-trace rendering in front of it ({@link
 *       MaskingSpanExporter}), then {@link RetryingSpanExporter} with its account in the runtime's {@link
 *       ExportLedger} (a network exporter with a retry buffer, a local one without);
 *   <li>span processors: each batch processor behind its {@link SpanQueue}, then in {@link KeepErrorsSpanProcessor}
 *       with keep-errors;
 *   <li>tracer provider: exceptions recorded without stack traces (rendered on export), and the application's own
 *       exporters given to {@link TracingRuntime#create} behind a batch processor of their own, masked likewise;
 *   <li>meter provider: {@link QueueDropMonitor} and, with a metrics exporter, {@value
 *       TraceguardMetrics#SPANS_DROPPED}.
 * </ul>
 *
 * <p>Called once per runtime, at start-up, where it may throw.
 */
public final class AutoconfiguredSdk {
  private static final int SDK_OTLP_MAX_ATTEMPTS = 5;

  private AutoconfiguredSdk() {}

  /**
   * Builds the SDK.
   *
   * @param classLoader the application's class loader, in which the autoconfigure providers are looked for
   * @throws TraceguardConfigurationException naming every exporter, sampler or propagator without a provider on
   *     the class path, or carrying the SDK's own configuration error (an OTLP gRPC exporter without a gRPC sender,
   *     an unreadable certificate, a port the Prometheus server cannot listen on)
   */
  public static OpenTelemetrySdk build(TracingConfig config, ExportLedger ledger, List<SpanExporter> additional,
      PiiMasker masker, ClassLoader classLoader) {
    Map<String, String> properties = SdkProperties.of(config);
    ComponentLoader loader = TraceguardComponentLoader.forClassLoader(classLoader);
    List<String> problems = new ArrayList<>(ProviderNames.problems(properties, loader));
    retryDirectoryProblem(config).ifPresent(problems::add);
    if (!problems.isEmpty()) {
      throw new TraceguardConfigurationException(problems);
    }
    AtomicReference<MeterProvider> meterProvider = new AtomicReference<>(MeterProvider.noop());
    // Autoconfigure puts every exporter it builds behind one batch processor (the SDK's logging exporter excepted).
    SpanQueue queue = ledger.newQueue(config.maxQueueSize());
    OpenTelemetrySdk sdk;
    try {
      sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .setComponentLoader(loader)
          .disableShutdownHook() // the runtime's owner (CDI, the JAX-RS feature, the application) shuts it down
          // As defaults, then as overrides: the properties win over the SDK's own reading of system properties and
          // environment variables for every key they hold (an AutoConfigurationCustomizerProvider's still win).
          .addPropertiesSupplier(() -> properties)
          .addPropertiesCustomizer(ignored -> properties)
          .addResourceCustomizer((resource, c) -> resource.merge(processFacts()))
          .addSamplerCustomizer((sampler, c) -> config.isKeepErrors() ? new KeepErrorsSampler(sampler) : sampler)
          .addPropagatorCustomizer((propagator, c) -> propagator == W3CTraceContextPropagator.getInstance()
              ? W3CPropagator.create(List.of(W3CPropagator.TRACECONTEXT))
              : propagator)
          .addSpanExporterCustomizer((exporter, c) ->
              exportPath(exporter, config, ledger, printsToConsole(exporter) ? null : queue, masker))
          .addSpanProcessorCustomizer((processor, c) -> keepErrors(config,
              processor instanceof BatchSpanProcessor ? queue.around(processor) : processor))
          .addTracerProviderCustomizer((tracerProvider, c) -> {
            addAdditional(tracerProvider, config, additional, ledger, masker, meterProvider);
            DeferredStackTraces.install(tracerProvider);
            return tracerProvider;
          })
          .addLogRecordExporterCustomizer((exporter, c) -> ledger.threads().noting(
              MaskingLogRecordExporter.create(exporter, masker, config.piiRedactHeaders(), config.piiAllowHeaders())))
          .addMeterProviderCustomizer((builder, c) -> ledger.registerQueueDrops(builder))
          .build()
          .getOpenTelemetrySdk();
    } catch (ConfigurationException e) {
      throw rewrap(properties, e);
    }
    meterProvider.set(sdk.getMeterProvider());
    if (SdkProperties.exportsMetrics(properties)) {
      registerDropCounter(sdk.getMeterProvider().get(TracingRuntime.INSTRUMENTATION_SCOPE), ledger.counters());
    }
    return sdk;
  }

  /**
   * The masker for the configuration: built-in detectors and custom patterns when masking is on, a no-op when off
   * (credential headers and secret query parameters are redacted on export either way).
   */
  public static PiiMasker masker(TracingConfig config) {
    return config.isPiiMaskingEnabled()
        ? ScanningPiiMasker.create(config.piiDetectors(), config.piiPatterns())
        : PiiMasker.noop();
  }

  /** True when {@code config} names a log record exporter ({@code otel.logs.exporter}, default none). */
  public static boolean exportsLogs(TracingConfig config) {
    return SdkProperties.exportsLogs(SdkProperties.of(config));
  }

  /** True when {@code config} names a metrics exporter ({@code otel.metrics.exporter}, default none). */
  public static boolean exportsMetrics(TracingConfig config) {
    return SdkProperties.exportsMetrics(SdkProperties.of(config));
  }

  /**
   * {@code exporter} behind masking and stack-trace rendering, with its account; a network exporter also gets the
   * retry buffer, a local one (which has no backend to come back) does not.
   */
  private static SpanExporter exportPath(SpanExporter exporter, TracingConfig config, ExportLedger ledger,
      @Nullable SpanQueue queue, PiiMasker masker) {
    boolean local = writesLocally(exporter);
    SpanExporter sending = local ? exporter : withRetryAttempts(exporter, config);
    SpanExporter masking = maskedDelivery(sending, local, queue, config, ledger, masker);
    return ledger.threads().noting(RenderingSpanExporter.create(masking, StackTraceRenderer.forConfig(config)));
  }

  /**
   * {@code sending} with its account in {@code ledger} (fed by {@code queue}, null: none), behind its retry buffer
   * ({@link #retryStore}; none when it writes {@code local}ly), behind the masking: the part of an exporter's path
   * every Traceguard export has, on its own SDK or a server's ({@link ApplicationExport}).
   */
  static SpanExporter maskedDelivery(SpanExporter sending, boolean local, @Nullable SpanQueue queue,
      TracingConfig config, ExportLedger ledger, PiiMasker masker) {
    ExporterAccount account = ledger.open(sending, queue);
    RetryStore store = retryStore(local, config, account);
    RetryingSpanExporter delivering = new RetryingSpanExporter(sending, store, config.maxExportBatchSize(),
        config.retryInitialBackoff(), config.retryMaxBackoff(), config.exportTimeout(), account,
        ledger::updateQueueDrops);
    return MaskingSpanExporter.create(delivering, masker, config.piiRedactHeaders(), config.piiAllowHeaders(),
        config.attributeValueLengthLimit());
  }

  /**
   * The retry buffer of the exporter reporting to {@code account}: none for one writing {@code local}ly (it has no
   * backend to come back), its subdirectory of {@code traceguard.exporter.retry.directory} when that is set (checked
   * by {@link #retryDirectoryProblem}), else memory.
   */
  private static RetryStore retryStore(boolean local, TracingConfig config, ExporterAccount account) {
    return !local && config.retryDirectory().isPresent()
        ? directoryStore(config.retryDirectory().get(), config.retryDirectoryMaxBytes(), config.serviceName(), account)
        : new MemoryRetryStore(local ? 0 : config.retryBufferSize());
  }

  /** The start-up error's line when {@code traceguard.exporter.retry.directory} is set and cannot be written. */
  static Optional<String> retryDirectoryProblem(TracingConfig config) {
    return config.retryDirectory().flatMap(AutoconfiguredSdk::checkWritable);
  }

  /**
   * The exporter's own subdirectory, named after the service and the destination, so that a restart finds it again
   * and the runtimes of several services in one process (or one directory) keep apart.
   */
  private static RetryStore directoryStore(Path directory, long maxBytes, String service, ExporterAccount account) {
    String name = (service + "_" + account.destination()).replaceAll("[^A-Za-z0-9._-]+", "_");
    try {
      return DirectoryRetryStore.open(directory.resolve(name), maxBytes,
          spans -> account.drop(DropReason.EXPORT_FAILED, spans));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // checked writable before the build: a race with the file system
    }
  }

  /** A problem when {@code directory} cannot be created or written, for the start-up error. */
  private static Optional<String> checkWritable(Path directory) {
    try {
      Files.createDirectories(directory);
      if (Files.isWritable(directory)) {
        return Optional.empty();
      }
      return Optional.of(problem(directory, "not writable"));
    } catch (IOException | RuntimeException e) {
      return Optional.of(problem(directory, e.toString()));
    }
  }

  private static String problem(Path directory, String why) {
    return "traceguard.exporter.retry.directory='" + directory + "': must be a directory Traceguard can create and"
        + " write (" + why + ")";
  }

  /**
   * The {@code console} and the SDK's {@code logging} exporter, which autoconfigure puts behind a simple processor
   * of their own rather than the batch processor.
   */
  private static boolean printsToConsole(SpanExporter exporter) {
    return exporter instanceof ConsoleSpanExporter
        || exporter.getClass().getName().endsWith("io.opentelemetry.exporter.logging.LoggingSpanExporter");
  }

  /** Whether {@code exporter} writes on this machine (console, file), so that a retry buffer would only hold. */
  static boolean writesLocally(SpanExporter exporter) {
    return exporter instanceof ConsoleSpanExporter || exporter instanceof OtlpJsonFileSpanExporter
        || exporter.getClass().getName().startsWith("io.opentelemetry.exporter.logging");
  }

  /**
   * The SDK's OTLP exporters retry {@value #SDK_OTLP_MAX_ATTEMPTS} times when retry is on; {@code
   * traceguard.exporter.otlp.retry.max-attempts} asks for another number, which only the exporter's builder takes.
   */
  private static SpanExporter withRetryAttempts(SpanExporter exporter, TracingConfig config) {
    int attempts = config.otlpMaxAttempts();
    if (attempts <= 1 || attempts == SDK_OTLP_MAX_ATTEMPTS) {
      return exporter;
    }
    RetryPolicy retry = RetryPolicy.builder().setMaxAttempts(attempts).build();
    SpanExporter rebuilt;
    if (exporter instanceof OtlpHttpSpanExporter http) {
      rebuilt = http.toBuilder().setRetryPolicy(retry).build();
    } else if (exporter instanceof OtlpGrpcSpanExporter grpc) {
      rebuilt = grpc.toBuilder().setRetryPolicy(retry).build();
    } else {
      return exporter;
    }
    exporter.shutdown();
    return rebuilt;
  }

  private static SpanProcessor keepErrors(TracingConfig config, SpanProcessor processor) {
    return config.isKeepErrors() ? new KeepErrorsSpanProcessor(processor) : processor;
  }

  /** The application's own exporters: one more batch processor, with the configured batch settings. */
  private static void addAdditional(SdkTracerProviderBuilder tracerProvider, TracingConfig config,
      List<SpanExporter> additional, ExportLedger ledger, PiiMasker masker,
      AtomicReference<MeterProvider> meterProvider) {
    if (additional.isEmpty()) {
      return;
    }
    SpanQueue queue = ledger.newQueue(config.maxQueueSize());
    List<SpanExporter> paths = new ArrayList<>(additional.size());
    for (SpanExporter exporter : additional) {
      paths.add(exportPath(exporter, config, ledger, queue, masker));
    }
    tracerProvider.addSpanProcessor(keepErrors(config, batchProcessor(config, queue, paths, meterProvider::get)));
  }

  /**
   * A batch processor with the configured batch settings feeding {@code paths}, behind {@code queue}'s count and
   * bound; its metrics on {@code meterProvider} (null: none).
   */
  static SpanProcessor batchProcessor(TracingConfig config, SpanQueue queue, List<SpanExporter> paths,
      @Nullable Supplier<MeterProvider> meterProvider) {
    BatchSpanProcessorBuilder batch = BatchSpanProcessor.builder(SpanExporter.composite(paths))
        .setScheduleDelay(config.scheduleDelay())
        .setMaxQueueSize(config.maxQueueSize())
        .setMaxExportBatchSize(config.maxExportBatchSize())
        .setExporterTimeout(config.exportTimeout());
    if (meterProvider != null) {
      batch.setMeterProvider(meterProvider);
    }
    return queue.around(batch.build());
  }

  /** Cheap process facts only: no DNS lookup for a host name, which can stall start-up for seconds. */
  static Resource processFacts() {
    AttributesBuilder attributes = Attributes.builder()
        .put("process.pid", ProcessHandle.current().pid())
        .put("process.runtime.name", System.getProperty("java.runtime.name", "unknown"))
        .put("process.runtime.version", System.getProperty("java.runtime.version", "unknown"));
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      attributes.put("host.name", host);
    }
    return Resource.create(attributes.build());
  }

  /** The SDK's error, in Traceguard's exception; a Prometheus port in use is named as such. */
  static TraceguardConfigurationException rewrap(Map<String, String> properties, ConfigurationException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return new TraceguardConfigurationException(List.of("otel.exporter.prometheus.port='"
            + properties.getOrDefault("otel.exporter.prometheus.port", "9464") + "': must be a port free on "
            + properties.getOrDefault("otel.exporter.prometheus.host", "0.0.0.0") + " (" + t.getMessage() + ")"));
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MissingDependencyException missing) {
        return new TraceguardConfigurationException(List.of(missing.rule()));
      }
    }
    String message = e.getMessage();
    if (message != null && message.contains("otel.metrics.exporter: prometheus")) {
      return new TraceguardConfigurationException(List.of(new MissingDependencyException("otel.metrics.exporter",
          "prometheus", "io.opentelemetry:opentelemetry-exporter-prometheus").rule()));
    }
    if (causeMentions(e, "GrpcSender")) {
      return new TraceguardConfigurationException(List.of(
          "otel.exporter.otlp.protocol='grpc': must be http/protobuf unless a gRPC sender is on the classpath"
              + " (add io.opentelemetry:opentelemetry-exporter-sender-okhttp or"
              + " opentelemetry-exporter-sender-grpc-managed-channel)"));
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    TraceguardConfigurationException wrapped = new TraceguardConfigurationException(
        List.of("the OpenTelemetry SDK refused the configuration: " + message
            + (root != e ? " (" + root + ")" : "")));
    wrapped.initCause(e);
    return wrapped;
  }

  private static boolean causeMentions(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return true;
      }
    }
    return false;
  }

  /** Reports every reason on each collection, so a reason that never dropped anything still shows as 0. */
  private static void registerDropCounter(Meter meter, ExportCounters counters) {
    Map<DropReason, Attributes> attributes = new EnumMap<>(DropReason.class);
    for (DropReason reason : DropReason.values()) {
      attributes.put(reason, Attributes.of(TraceguardAttributes.DROP_REASON, reason.name().toLowerCase(Locale.ROOT)));
    }
    meter.counterBuilder(TraceguardMetrics.SPANS_DROPPED)
        .setUnit("{span}")
        .setDescription("Finished spans that never reached a backend, by reason.")
        // Queue drops as of the last export or count: reading the batch processor's counter from here would
        // collect the same meter provider from inside its own collection.
        .buildWithCallback(
            measurement -> attributes.forEach((reason, attrs) -> measurement.record(counters.dropped(reason), attrs)));
  }
}
