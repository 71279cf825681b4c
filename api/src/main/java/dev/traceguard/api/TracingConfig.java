package dev.traceguard.api;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything Traceguard is told: immutable, validated when built, safe to share between threads.
 *
 * <p>Typed fields hold what Traceguard itself reads (service identity, sampling, exporters by name, the OTLP
 * endpoint and headers, batch sizes, masking, exception recording, the JAX-RS settings); every other standard
 * {@code otel.*} property travels as text in {@link #sdkProperties()} to the OpenTelemetry SDK's autoconfigure,
 * which builds the SDK.
 *
 * <p>Build one with {@link #builder()}, start from a preset ({@link #disabled()}, {@link #development()}, {@link
 * #production(String)}) and adjust it with {@link #toBuilder()}, or load one from properties with {@link
 * #from(PropertySource)}. Property names, defaults and rules are listed in {@code docs/configuration.md}.
 */
public final class TracingConfig {

  /** Service name used when none is configured: {@value}. */
  public static final String DEFAULT_SERVICE_NAME = "unknown_service";
  /** Traceguard's {@code otel.exporter.otlp.protocol} (the SDK's is {@code grpc}): {@value}. */
  public static final String DEFAULT_OTLP_PROTOCOL = "http/protobuf";
  /** Traceguard's {@code otel.metrics.exporter} (the SDK's is {@code otlp}): {@value}. */
  public static final String DEFAULT_METRICS_EXPORTER = "none";
  /** Traceguard's {@code otel.logs.exporter} (the SDK's is {@code otlp}): {@value}. */
  public static final String DEFAULT_LOGS_EXPORTER = "none";
  /** The name of the OTLP exporter in {@code otel.traces.exporter}, the default: {@value}. */
  public static final String OTLP_EXPORTER = "otlp";
  /** The name of the console exporter in {@code otel.traces.exporter}: {@value}. */
  public static final String CONSOLE_EXPORTER = "console";
  /** File the {@code file} exporter writes when no path is configured: {@value}. */
  public static final String DEFAULT_FILE_PATH = "traceguard-spans.jsonl";
  /** Attempts per OTLP export when none is configured: {@value}. */
  public static final int DEFAULT_OTLP_MAX_ATTEMPTS = 3;
  /** Spans kept for re-sending after failed exports when nothing is configured: {@value}. */
  public static final int DEFAULT_RETRY_BUFFER_SIZE = 2048;
  /** Most bytes of spilled spans kept per exporter in the retry directory when none is configured: {@value}. */
  public static final long DEFAULT_RETRY_DIRECTORY_MAX_BYTES = 64L * 1024 * 1024;
  /** First wait in milliseconds before buffered spans are sent again, when none is configured: {@value}. */
  public static final long DEFAULT_RETRY_INITIAL_BACKOFF_MILLIS = 1_000;
  /** Longest wait in milliseconds between two attempts to send buffered spans, when none is configured: {@value}. */
  public static final long DEFAULT_RETRY_MAX_BACKOFF_MILLIS = 30_000;
  /** Longest string attribute value kept when nothing is configured: {@value}. */
  public static final int DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT = 4096;
  /** Shutdown wait in milliseconds when none is configured: {@value}. */
  public static final long DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 10_000;
  /** Batch processor schedule delay in milliseconds when none is configured: {@value}. */
  public static final long DEFAULT_SCHEDULE_DELAY_MILLIS = 5_000;
  /** Batch processor export timeout in milliseconds when none is configured: {@value}. */
  public static final long DEFAULT_EXPORT_TIMEOUT_MILLIS = 30_000;
  /** Batch processor queue size when none is configured: {@value}. */
  public static final int DEFAULT_MAX_QUEUE_SIZE = 2048;
  /** Batch processor batch size when none is configured: {@value}. */
  public static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 512;
  /** Frames per throwable kept by a sanitized stack trace when none is configured: {@value}. */
  public static final int DEFAULT_MAX_STACK_FRAMES = 50;
  /** Request paths not traced when nothing else is configured: {@value}. */
  public static final String DEFAULT_SERVER_SKIP_PATTERN = "/(health|metrics)(/.*)?";
  /** Propagation formats used when none are configured: W3C Trace Context and W3C Baggage. */
  public static final List<String> DEFAULT_PROPAGATORS = List.of("tracecontext", "baggage");
  /** The W3C propagation formats Traceguard reads with its own strict rules, by their names in {@code otel.propagators}. */
  public static final List<String> KNOWN_PROPAGATORS = DEFAULT_PROPAGATORS;
  /**
   * What the name of an exporter, sampler or propagator provider must look like: lower-case letters, digits,
   * {@code _}, {@code -} and {@code .}, starting with a letter or digit. Whether a provider of that name exists is
   * checked when the runtime starts, against the application's class path.
   */
  static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  /** True when {@code name} can name a provider in a list: it has {@link #PROVIDER_NAME}'s form and is not none. */
  static boolean isProviderName(String name) {
    return !name.equals("none") && PROVIDER_NAME.matcher(name).matches();
  }

  /** True for a property whose values are usually credentials ({@code otel.exporter.otlp.traces.headers}). */
  static boolean hidesValue(String key) {
    return key.endsWith(".headers");
  }

  /** Any text OpenTelemetry accepts ({@code org/example/orders} included), but blank or control characters. */
  private static final Pattern SERVICE_NAME = Pattern.compile("(?=.*\\S)\\P{Cntrl}{1,255}");
  private static final TracingConfig DISABLED = builder().setEnabled(false).setExporters(List.of()).build();
  private static final TracingConfig DEVELOPMENT =
      builder()
          .setSamplingRatio(1.0)
          .setParentBased(false)
          .setExporters(List.of(CONSOLE_EXPORTER))
          .setStackTraceMode(StackTraceMode.FULL)
          .build();

  private final boolean enabled;
  private final String serviceName;
  private final @Nullable String serviceVersion;
  private final @Nullable String deploymentEnvironment;
  private final Map<String, String> resourceAttributes;
  private final double samplingRatio;
  private final boolean parentBased;
  private final boolean keepErrors;
  private final List<String> exporters;
  private final Map<String, String> sdkProperties;
  private final @Nullable String otlpEndpoint;
  private final Map<String, String> otlpHeaders;
  private final int otlpMaxAttempts;
  private final int retryBufferSize;
  private final Duration retryInitialBackoff;
  private final Duration retryMaxBackoff;
  private final @Nullable Path retryDirectory;
  private final long retryDirectoryMaxBytes;
  private final Path filePath;
  private final Duration scheduleDelay;
  private final int maxQueueSize;
  private final int maxExportBatchSize;
  private final Duration exportTimeout;
  private final Duration shutdownTimeout;
  private final int attributeValueLengthLimit;
  private final List<String> propagators;
  private final boolean debug;
  private final boolean piiMaskingEnabled;
  private final List<PiiPattern> piiPatterns;
  private final Set<PiiDetector> piiDetectors;
  private final Set<String> piiRedactHeaders;
  private final Set<String> piiAllowHeaders;
  private final StackTraceMode stackTraceMode;
  private final int maxStackFrames;
  private final boolean serverErrorOn4xx;
  private final boolean traceResponse;
  private final List<String> serverRequestHeaders;
  private final List<String> serverResponseHeaders;
  private final List<String> clientRequestHeaders;
  private final List<String> clientResponseHeaders;
  private final @Nullable Pattern serverSkipPattern;

  private TracingConfig(Builder b) {
    enabled = b.enabled;
    serviceName = b.serviceName;
    serviceVersion = b.serviceVersion;
    deploymentEnvironment = b.deploymentEnvironment;
    resourceAttributes = Map.copyOf(b.resourceAttributes);
    samplingRatio = b.samplingRatio;
    parentBased = b.parentBased;
    keepErrors = b.keepErrors;
    exporters = List.copyOf(b.exporters);
    sdkProperties = Map.copyOf(b.sdkProperties);
    otlpEndpoint = b.otlpEndpoint;
    otlpHeaders = Map.copyOf(b.otlpHeaders);
    otlpMaxAttempts = b.otlpMaxAttempts;
    retryBufferSize = b.retryBufferSize;
    retryInitialBackoff = b.retryInitialBackoff;
    retryMaxBackoff = b.retryMaxBackoff;
    retryDirectory = b.retryDirectory;
    retryDirectoryMaxBytes = b.retryDirectoryMaxBytes;
    filePath = b.filePath;
    scheduleDelay = b.scheduleDelay;
    maxQueueSize = b.maxQueueSize;
    maxExportBatchSize = b.maxExportBatchSize;
    exportTimeout = b.exportTimeout;
    shutdownTimeout = b.shutdownTimeout;
    attributeValueLengthLimit = b.attributeValueLengthLimit;
    propagators = List.copyOf(b.propagators);
    debug = b.debug;
    piiMaskingEnabled = b.piiMaskingEnabled;
    piiPatterns = List.copyOf(b.piiPatterns.values());
    piiDetectors = b.piiDetectors.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.piiDetectors));
    piiRedactHeaders = Set.copyOf(b.piiRedactHeaders);
    piiAllowHeaders = Set.copyOf(b.piiAllowHeaders);
    stackTraceMode = b.stackTraceMode;
    maxStackFrames = b.maxStackFrames;
    serverErrorOn4xx = b.serverErrorOn4xx;
    traceResponse = b.traceResponse;
    serverRequestHeaders = b.serverRequestHeaders;
    serverResponseHeaders = b.serverResponseHeaders;
    clientRequestHeaders = b.clientRequestHeaders;
    clientResponseHeaders = b.clientResponseHeaders;
    serverSkipPattern = b.serverSkipPattern;
  }

  /** Returns a builder holding the defaults listed in {@code docs/configuration.md}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns the configuration that turns Traceguard off: no SDK, no thread, no-op entry points. Cached. */
  public static TracingConfig disabled() {
    return DISABLED;
  }

  /**
   * Returns the configuration for a developer's machine: every trace sampled, spans printed to the console, full
   * stack traces. Cached.
   */
  public static TracingConfig development() {
    return DEVELOPMENT;
  }

  /**
   * Returns the configuration for production: OTLP export to the given endpoint, parent-based sampling of a
   * ratio of 0.1 of new traces, sanitized stack traces. Adjust it with {@link #toBuilder()}.
   *
   * @param otlpEndpoint the OTLP receiver, an absolute http or https URL
   * @throws IllegalArgumentException if the endpoint is not such a URL
   */
  public static TracingConfig production(String otlpEndpoint) {
    return builder()
        .setExporters(List.of(OTLP_EXPORTER))
        .setOtlpEndpoint(otlpEndpoint)
        .setSamplingRatio(0.1)
        .setParentBased(true)
        .build();
  }

  /**
   * Loads a configuration from the given source over the defaults of {@link #builder()}.
   *
   * @throws TraceguardConfigurationException listing every invalid property at once, each with its value and rule
   */
  public static TracingConfig from(PropertySource source) {
    return from(source, builder().build());
  }

  /**
   * Loads a configuration from the given source over the values of {@code base}: a property the source does not
   * define (or defines as blank) keeps the base's value.
   *
   * @throws TraceguardConfigurationException listing every invalid property at once, each with its value and rule
   */
  public static TracingConfig from(PropertySource source, TracingConfig base) {
    return new ConfigLoader(requireNonNull(source, "source"), requireNonNull(base, "base").toBuilder()).load();
  }

  /** Returns false when Traceguard is turned off ({@code otel.sdk.disabled=true}). Default true. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Returns the {@code service.name} resource attribute. Default {@value #DEFAULT_SERVICE_NAME}. */
  public String serviceName() {
    return serviceName;
  }

  /** Returns the {@code service.version} resource attribute, if configured. */
  public Optional<String> serviceVersion() {
    return Optional.ofNullable(serviceVersion);
  }

  /** Returns the {@code deployment.environment.name} resource attribute, if configured. */
  public Optional<String> deploymentEnvironment() {
    return Optional.ofNullable(deploymentEnvironment);
  }

  /** Returns the other resource attributes, unmodifiable. Default empty. */
  public Map<String, String> resourceAttributes() {
    return resourceAttributes;
  }

  /** Returns the ratio of new traces sampled, in [0, 1]. Default 1. */
  public double samplingRatio() {
    return samplingRatio;
  }

  /** Returns true when a span with a parent follows its parent's sampling decision. Default true. */
  public boolean isParentBased() {
    return parentBased;
  }

  /** Returns true when spans dropped by the ratio sampler are still exported if they end in error. Default false. */
  public boolean isKeepErrors() {
    return keepErrors;
  }

  /**
   * Returns the names of the exporters spans go to ({@code otel.traces.exporter}), in order, unmodifiable; empty
   * means none. A name is a built-in exporter's ({@code otlp}, {@code zipkin}, {@code console}, {@code file},
   * {@code jaeger}) or that of a {@code ConfigurableSpanExporterProvider} on the application's class path. Default
   * {@code [otlp]}.
   */
  public List<String> exporters() {
    return exporters;
  }

  /**
   * Returns the standard OpenTelemetry properties ({@code otel.*}) this configuration does not model itself, such
   * as the per-signal OTLP keys or span limits, unmodifiable: they are handed to the SDK's autoconfigure as given,
   * with the SDK's own meaning and defaults. Loading fills them from the property source and checks each value
   * against the SDK's syntax for that key. Default empty.
   */
  public Map<String, String> sdkProperties() {
    return sdkProperties;
  }

  /**
   * Returns the OTLP receiver's base URL ({@code otel.exporter.otlp.endpoint}) when one is configured; empty means
   * the SDK's default for the protocol in force ({@code http://localhost:4318} for {@code http/protobuf}).
   */
  public Optional<String> otlpEndpoint() {
    return Optional.ofNullable(otlpEndpoint);
  }

  /** Returns the headers sent with every OTLP export, unmodifiable. Default empty. */
  public Map<String, String> otlpHeaders() {
    return otlpHeaders;
  }

  /** Returns the attempts per OTLP export, from 1 to 5. Default {@value #DEFAULT_OTLP_MAX_ATTEMPTS}. */
  public int otlpMaxAttempts() {
    return otlpMaxAttempts;
  }

  /**
   * Returns how many spans are kept for re-sending after failed exports; 0 keeps none. Default {@value
   * #DEFAULT_RETRY_BUFFER_SIZE}.
   */
  public int retryBufferSize() {
    return retryBufferSize;
  }

  /**
   * Returns the wait before the first attempt to send buffered spans again after a failed export; each further
   * failure doubles it up to {@link #retryMaxBackoff()}. Default {@value #DEFAULT_RETRY_INITIAL_BACKOFF_MILLIS} ms.
   */
  public Duration retryInitialBackoff() {
    return retryInitialBackoff;
  }

  /**
   * Returns the longest wait between two attempts to send buffered spans, also the longest a receiver's {@code
   * Retry-After} is honoured. Default {@value #DEFAULT_RETRY_MAX_BACKOFF_MILLIS} ms.
   */
  public Duration retryMaxBackoff() {
    return retryMaxBackoff;
  }

  /**
   * Returns the directory failed exports are kept in instead of memory, so that they survive a restart and are
   * sent after it; empty (the default) keeps them in memory.
   */
  public Optional<Path> retryDirectory() {
    return Optional.ofNullable(retryDirectory);
  }

  /**
   * Returns the most bytes of spans each exporter keeps in {@link #retryDirectory()}; beyond it the oldest are
   * dropped. Default {@value #DEFAULT_RETRY_DIRECTORY_MAX_BYTES}.
   */
  public long retryDirectoryMaxBytes() {
    return retryDirectoryMaxBytes;
  }

  /** Returns the file the {@code file} exporter appends to. Default {@value #DEFAULT_FILE_PATH}. */
  public Path filePath() {
    return filePath;
  }

  /** Returns the batch processor's schedule delay. Default {@value #DEFAULT_SCHEDULE_DELAY_MILLIS} ms. */
  public Duration scheduleDelay() {
    return scheduleDelay;
  }

  /** Returns the batch processor's queue size. Default {@value #DEFAULT_MAX_QUEUE_SIZE}. */
  public int maxQueueSize() {
    return maxQueueSize;
  }

  /** Returns the batch processor's batch size, at most {@link #maxQueueSize()}. Default {@value
   * #DEFAULT_MAX_EXPORT_BATCH_SIZE}. */
  public int maxExportBatchSize() {
    return maxExportBatchSize;
  }

  /** Returns the batch processor's export timeout. Default {@value #DEFAULT_EXPORT_TIMEOUT_MILLIS} ms. */
  public Duration exportTimeout() {
    return exportTimeout;
  }

  /**
   * Returns the longest string attribute value kept; longer values are truncated. Default {@value
   * #DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT}.
   */
  public int attributeValueLengthLimit() {
    return attributeValueLengthLimit;
  }

  /**
   * Returns how long an application's shutdown waits for queued spans to be exported. Default {@value
   * #DEFAULT_SHUTDOWN_TIMEOUT_MILLIS} ms.
   */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** Returns the propagation formats in order, unmodifiable; empty means none. Default {@link
   * #DEFAULT_PROPAGATORS}. */
  public List<String> propagators() {
    return propagators;
  }

  /** Returns true in debug mode: every trace sampled, console export added, full stack traces. Default false. */
  public boolean isDebug() {
    return debug;
  }

  /** Returns true when personal data is masked before export. Default true. */
  public boolean isPiiMaskingEnabled() {
    return piiMaskingEnabled;
  }

  /** Returns the custom masking rules in name order, unmodifiable. Default empty. */
  public List<PiiPattern> piiPatterns() {
    return piiPatterns;
  }

  /** Returns the built-in detectors the masker runs, unmodifiable; empty means none. Default all of them. */
  public Set<PiiDetector> piiDetectors() {
    return piiDetectors;
  }

  /**
   * Returns the extra header names (lower case) whose captured values are always redacted, unmodifiable. Default
   * empty; the well-known credential headers are redacted whatever this says.
   */
  public Set<String> piiRedactHeaders() {
    return piiRedactHeaders;
  }

  /**
   * Returns the header names (lower case) whose captured values are masked like any text, not redacted whole,
   * although their names contain a credential word ({@code token}, {@code secret}, {@code key}, {@code auth},
   * {@code session}, {@code password}, {@code cookie}), unmodifiable. Default empty. {@link #piiRedactHeaders()} wins.
   */
  public Set<String> piiAllowHeaders() {
    return piiAllowHeaders;
  }

  /** Returns what exception events carry as a stack trace. Default {@link StackTraceMode#SANITIZED}. */
  public StackTraceMode stackTraceMode() {
    return stackTraceMode;
  }

  /** Returns the frames per throwable a sanitized stack trace keeps. Default {@value #DEFAULT_MAX_STACK_FRAMES}. */
  public int maxStackFrames() {
    return maxStackFrames;
  }

  /** Returns true when SERVER spans answered with a 4xx get ERROR status (off by default, per semantic conventions). */
  public boolean isServerErrorOn4xx() {
    return serverErrorOn4xx;
  }

  /** Returns the request headers captured on SERVER spans, lower case, unmodifiable. Default empty. */
  public List<String> serverRequestHeaders() {
    return serverRequestHeaders;
  }

  /** Returns the response headers captured on SERVER spans, lower case, unmodifiable. Default empty. */
  public List<String> serverResponseHeaders() {
    return serverResponseHeaders;
  }

  /** Returns the request headers captured on CLIENT spans, lower case, unmodifiable. Default empty. */
  public List<String> clientRequestHeaders() {
    return clientRequestHeaders;
  }

  /** Returns the response headers captured on CLIENT spans, lower case, unmodifiable. Default empty. */
  public List<String> clientResponseHeaders() {
    return clientResponseHeaders;
  }

  /** Returns true when responses whose SERVER span records carry a {@code traceresponse} header. Default true. */
  public boolean isTraceResponse() {
    return traceResponse;
  }

  /**
   * Returns the pattern of request paths not traced, matched against the whole path; empty means every path is
   * traced. Default {@value #DEFAULT_SERVER_SKIP_PATTERN}.
   */
  public Optional<Pattern> serverSkipPattern() {
    return Optional.ofNullable(serverSkipPattern);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TracingConfig)) {
      return false;
    }
    TracingConfig that = (TracingConfig) o;
    return enabled == that.enabled
        && Double.compare(samplingRatio, that.samplingRatio) == 0
        && parentBased == that.parentBased
        && keepErrors == that.keepErrors
        && maxQueueSize == that.maxQueueSize
        && maxExportBatchSize == that.maxExportBatchSize
        && debug == that.debug
        && piiMaskingEnabled == that.piiMaskingEnabled
        && maxStackFrames == that.maxStackFrames
        && otlpMaxAttempts == that.otlpMaxAttempts
        && retryBufferSize == that.retryBufferSize
        && retryInitialBackoff.equals(that.retryInitialBackoff)
        && retryMaxBackoff.equals(that.retryMaxBackoff)
        && Objects.equals(retryDirectory, that.retryDirectory)
        && retryDirectoryMaxBytes == that.retryDirectoryMaxBytes
        && attributeValueLengthLimit == that.attributeValueLengthLimit
        && serverErrorOn4xx == that.serverErrorOn4xx
        && traceResponse == that.traceResponse
        && serverRequestHeaders.equals(that.serverRequestHeaders)
        && serverResponseHeaders.equals(that.serverResponseHeaders)
        && clientRequestHeaders.equals(that.clientRequestHeaders)
        && clientResponseHeaders.equals(that.clientResponseHeaders)
        && serviceName.equals(that.serviceName)
        && Objects.equals(serviceVersion, that.serviceVersion)
        && Objects.equals(deploymentEnvironment, that.deploymentEnvironment)
        && resourceAttributes.equals(that.resourceAttributes)
        && exporters.equals(that.exporters)
        && sdkProperties.equals(that.sdkProperties)
        && Objects.equals(otlpEndpoint, that.otlpEndpoint)
        && otlpHeaders.equals(that.otlpHeaders)
        && filePath.equals(that.filePath)
        && scheduleDelay.equals(that.scheduleDelay)
        && exportTimeout.equals(that.exportTimeout)
        && shutdownTimeout.equals(that.shutdownTimeout)
        && propagators.equals(that.propagators)
        && piiPatterns.equals(that.piiPatterns)
        && piiDetectors.equals(that.piiDetectors)
        && piiRedactHeaders.equals(that.piiRedactHeaders)
        && piiAllowHeaders.equals(that.piiAllowHeaders)
        && stackTraceMode == that.stackTraceMode
        && Objects.equals(skipRegex(), that.skipRegex());
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        enabled, serviceName, serviceVersion, deploymentEnvironment, resourceAttributes, samplingRatio,
        parentBased, keepErrors, exporters, sdkProperties, otlpEndpoint, otlpHeaders, filePath,
        scheduleDelay, maxQueueSize, maxExportBatchSize, exportTimeout, propagators, debug, piiMaskingEnabled,
        piiPatterns, stackTraceMode, maxStackFrames, skipRegex(), otlpMaxAttempts, retryBufferSize,
        retryInitialBackoff, retryMaxBackoff, retryDirectory, retryDirectoryMaxBytes,
        attributeValueLengthLimit, serverErrorOn4xx, piiDetectors, piiRedactHeaders, piiAllowHeaders, traceResponse,
        serverRequestHeaders, serverResponseHeaders, clientRequestHeaders, clientResponseHeaders, shutdownTimeout);
  }

  private @Nullable String skipRegex() {
    return serverSkipPattern == null ? null : serverSkipPattern.pattern();
  }

  /** Describes every value except the OTLP header values, which often hold credentials and are shown as ***. */
  @Override
  public String toString() {
    Map<String, String> hiddenHeaders = new LinkedHashMap<>();
    otlpHeaders.keySet().stream().sorted().forEach(name -> hiddenHeaders.put(name, "***"));
    return "TracingConfig{enabled=" + enabled
        + ", serviceName=" + serviceName
        + ", serviceVersion=" + serviceVersion
        + ", deploymentEnvironment=" + deploymentEnvironment
        + ", resourceAttributes=" + resourceAttributes
        + ", samplingRatio=" + samplingRatio
        + ", parentBased=" + parentBased
        + ", keepErrors=" + keepErrors
        + ", exporters=" + exporters
        + ", sdkProperties=" + hideHeaderValues(sdkProperties)
        + ", otlpEndpoint=" + otlpEndpoint
        + ", otlpHeaders=" + hiddenHeaders
        + ", otlpMaxAttempts=" + otlpMaxAttempts
        + ", retryBufferSize=" + retryBufferSize
        + ", retryInitialBackoff=" + retryInitialBackoff
        + ", retryMaxBackoff=" + retryMaxBackoff
        + ", retryDirectory=" + retryDirectory
        + ", retryDirectoryMaxBytes=" + retryDirectoryMaxBytes
        + ", filePath=" + filePath
        + ", scheduleDelay=" + scheduleDelay
        + ", maxQueueSize=" + maxQueueSize
        + ", maxExportBatchSize=" + maxExportBatchSize
        + ", exportTimeout=" + exportTimeout
        + ", shutdownTimeout=" + shutdownTimeout
        + ", attributeValueLengthLimit=" + attributeValueLengthLimit
        + ", propagators=" + propagators
        + ", debug=" + debug
        + ", piiMaskingEnabled=" + piiMaskingEnabled
        + ", piiPatterns=" + piiPatterns
        + ", piiDetectors=" + piiDetectors
        + ", piiRedactHeaders=" + piiRedactHeaders
        + ", piiAllowHeaders=" + piiAllowHeaders
        + ", stackTraceMode=" + stackTraceMode
        + ", maxStackFrames=" + maxStackFrames
        + ", serverErrorOn4xx=" + serverErrorOn4xx
        + ", traceResponse=" + traceResponse
        + ", serverRequestHeaders=" + serverRequestHeaders
        + ", serverResponseHeaders=" + serverResponseHeaders
        + ", clientRequestHeaders=" + clientRequestHeaders
        + ", clientResponseHeaders=" + clientResponseHeaders
        + ", serverSkipPattern=" + skipRegex()
        + '}';
  }

  /** Header values are usually credentials: a header property shows its length only. */
  private static Map<String, String> hideHeaderValues(Map<String, String> properties) {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((key, value) -> shown.put(key,
        hidesValue(key) ? "<hidden, " + value.length() + " characters>" : value));
    return shown;
  }

  /**
   * Builds a {@link TracingConfig}. Each setter checks its argument and throws {@link IllegalArgumentException}
   * naming the field, the rule and the value (or {@link NullPointerException} naming the field); {@link #build()}
   * checks the rules that join several fields. Not thread-safe.
   */
  public static final class Builder {
    private boolean enabled = true;
    private String serviceName = DEFAULT_SERVICE_NAME;
    private @Nullable String serviceVersion;
    private @Nullable String deploymentEnvironment;
    private Map<String, String> resourceAttributes = Map.of();
    private double samplingRatio = 1.0;
    private boolean parentBased = true;
    private boolean keepErrors;
    private List<String> exporters = List.of(OTLP_EXPORTER);
    // Package-private: ConfigLoader adds what it reads to it.
    TreeMap<String, String> sdkProperties = new TreeMap<>();
    private @Nullable String otlpEndpoint;
    private Map<String, String> otlpHeaders = Map.of();
    private int otlpMaxAttempts = DEFAULT_OTLP_MAX_ATTEMPTS;
    private int retryBufferSize = DEFAULT_RETRY_BUFFER_SIZE;
    private Duration retryInitialBackoff = Duration.ofMillis(DEFAULT_RETRY_INITIAL_BACKOFF_MILLIS);
    private Duration retryMaxBackoff = Duration.ofMillis(DEFAULT_RETRY_MAX_BACKOFF_MILLIS);
    private @Nullable Path retryDirectory;
    private long retryDirectoryMaxBytes = DEFAULT_RETRY_DIRECTORY_MAX_BYTES;
    private Path filePath = Path.of(DEFAULT_FILE_PATH);
    private Duration scheduleDelay = Duration.ofMillis(DEFAULT_SCHEDULE_DELAY_MILLIS);
    // Package-private: ConfigLoader reports the batch/queue rule under the property the user actually set.
    int maxQueueSize = DEFAULT_MAX_QUEUE_SIZE;
    int maxExportBatchSize = DEFAULT_MAX_EXPORT_BATCH_SIZE;
    private Duration exportTimeout = Duration.ofMillis(DEFAULT_EXPORT_TIMEOUT_MILLIS);
    private Duration shutdownTimeout = Duration.ofMillis(DEFAULT_SHUTDOWN_TIMEOUT_MILLIS);
    private int attributeValueLengthLimit = DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT;
    private List<String> propagators = DEFAULT_PROPAGATORS;
    private boolean debug;
    private boolean piiMaskingEnabled = true;
    // Keyed by name so that a pattern loaded from properties replaces the base's pattern of the same name.
    private final Map<String, PiiPattern> piiPatterns = new TreeMap<>();
    private Collection<PiiDetector> piiDetectors = EnumSet.allOf(PiiDetector.class);
    private Set<String> piiRedactHeaders = Set.of();
    private Set<String> piiAllowHeaders = Set.of();
    private StackTraceMode stackTraceMode = StackTraceMode.SANITIZED;
    private int maxStackFrames = DEFAULT_MAX_STACK_FRAMES;
    private boolean serverErrorOn4xx;
    private boolean traceResponse = true;
    private List<String> serverRequestHeaders = List.of();
    private List<String> serverResponseHeaders = List.of();
    private List<String> clientRequestHeaders = List.of();
    private List<String> clientResponseHeaders = List.of();
    private @Nullable Pattern serverSkipPattern = Pattern.compile(DEFAULT_SERVER_SKIP_PATTERN);

    private Builder() {}

    private Builder(TracingConfig c) {
      enabled = c.enabled;
      serviceName = c.serviceName;
      serviceVersion = c.serviceVersion;
      deploymentEnvironment = c.deploymentEnvironment;
      resourceAttributes = c.resourceAttributes;
      samplingRatio = c.samplingRatio;
      parentBased = c.parentBased;
      keepErrors = c.keepErrors;
      exporters = c.exporters;
      sdkProperties = new TreeMap<>(c.sdkProperties);
      otlpEndpoint = c.otlpEndpoint;
      otlpHeaders = c.otlpHeaders;
      otlpMaxAttempts = c.otlpMaxAttempts;
      retryBufferSize = c.retryBufferSize;
      retryInitialBackoff = c.retryInitialBackoff;
      retryMaxBackoff = c.retryMaxBackoff;
      retryDirectory = c.retryDirectory;
      retryDirectoryMaxBytes = c.retryDirectoryMaxBytes;
      filePath = c.filePath;
      scheduleDelay = c.scheduleDelay;
      maxQueueSize = c.maxQueueSize;
      maxExportBatchSize = c.maxExportBatchSize;
      exportTimeout = c.exportTimeout;
      shutdownTimeout = c.shutdownTimeout;
      attributeValueLengthLimit = c.attributeValueLengthLimit;
      propagators = c.propagators;
      debug = c.debug;
      piiMaskingEnabled = c.piiMaskingEnabled;
      setPiiPatterns(c.piiPatterns);
      piiDetectors = c.piiDetectors;
      piiRedactHeaders = c.piiRedactHeaders;
      piiAllowHeaders = c.piiAllowHeaders;
      stackTraceMode = c.stackTraceMode;
      maxStackFrames = c.maxStackFrames;
      serverErrorOn4xx = c.serverErrorOn4xx;
      traceResponse = c.traceResponse;
      serverRequestHeaders = c.serverRequestHeaders;
      serverResponseHeaders = c.serverResponseHeaders;
      clientRequestHeaders = c.clientRequestHeaders;
      clientResponseHeaders = c.clientResponseHeaders;
      serverSkipPattern = c.serverSkipPattern;
    }

    /** Sets whether Traceguard runs at all ({@code otel.sdk.disabled} inverted). */
    public Builder setEnabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Sets {@code service.name}: 1 to 255 characters, not blank, no control characters. */
    public Builder setServiceName(String serviceName) {
      requireNonNull(serviceName, "serviceName");
      if (!SERVICE_NAME.matcher(serviceName).matches()) {
        throw ConfigProperty.SERVICE_NAME.invalid("serviceName", serviceName);
      }
      this.serviceName = serviceName;
      return this;
    }

    /** Sets {@code service.version}, non-blank, or clears it with null. */
    public Builder setServiceVersion(@Nullable String serviceVersion) {
      this.serviceVersion = nonBlankOrNull("serviceVersion", serviceVersion);
      return this;
    }

    /** Sets {@code deployment.environment.name}, non-blank, or clears it with null. */
    public Builder setDeploymentEnvironment(@Nullable String deploymentEnvironment) {
      this.deploymentEnvironment = nonBlankOrNull("deploymentEnvironment", deploymentEnvironment);
      return this;
    }

    /** Replaces the other resource attributes; keys must be non-blank. The map is copied. */
    public Builder setResourceAttributes(Map<String, String> resourceAttributes) {
      this.resourceAttributes = checkKeyValues("resourceAttributes", resourceAttributes);
      return this;
    }

    /** Sets the ratio of new traces sampled, in [0, 1]. */
    public Builder setSamplingRatio(double samplingRatio) {
      if (!(samplingRatio >= 0.0 && samplingRatio <= 1.0)) {
        throw ConfigProperty.TRACES_SAMPLER_ARG.invalid("samplingRatio", samplingRatio);
      }
      this.samplingRatio = samplingRatio;
      dropProviderSampler();
      return this;
    }

    /** Sets whether a span with a parent follows its parent's sampling decision. */
    public Builder setParentBased(boolean parentBased) {
      this.parentBased = parentBased;
      dropProviderSampler();
      return this;
    }

    /** A sampler set through the typed fields replaces one named in {@link TracingConfig#sdkProperties()}. */
    private void dropProviderSampler() {
      sdkProperties.remove("otel.traces.sampler");
      sdkProperties.remove("otel.traces.sampler.arg");
    }

    /** Sets whether spans dropped by the ratio sampler are still exported when they end in error. */
    public Builder setKeepErrors(boolean keepErrors) {
      this.keepErrors = keepErrors;
      return this;
    }

    /**
     * Replaces the exporters by name, in order; an empty collection means none and duplicates count once. Each
     * name is a built-in exporter's or a {@code ConfigurableSpanExporterProvider}'s, checked when the runtime
     * starts.
     *
     * @throws IllegalArgumentException if a name is not lower-case letters, digits, {@code _}, {@code -} and
     *     {@code .}, or is {@code none}
     */
    public Builder setExporters(Collection<String> exporters) {
      this.exporters = checkNames("exporters", ConfigProperty.TRACES_EXPORTER, exporters);
      return this;
    }

    /**
     * Replaces the standard properties passed to the SDK's autoconfigure as given ({@link
     * TracingConfig#sdkProperties()}). The map is copied.
     *
     * @throws IllegalArgumentException if a key does not start with {@code otel.} or a value is null
     */
    public Builder setSdkProperties(Map<String, String> properties) {
      requireNonNull(properties, "sdkProperties");
      for (Map.Entry<String, String> e : properties.entrySet()) {
        if (!e.getKey().startsWith("otel.") || e.getValue() == null) {
          throw new IllegalArgumentException("sdkProperties must have otel.* keys and non-null values, was '"
              + e.getKey() + "'");
        }
      }
      this.sdkProperties.clear();
      this.sdkProperties.putAll(properties);
      return this;
    }

    /**
     * Sets one standard property passed to the SDK's autoconfigure as given ({@link TracingConfig#sdkProperties()}),
     * such as {@code otel.exporter.otlp.traces.endpoint} or {@code otel.metrics.exporter}.
     *
     * @throws IllegalArgumentException if the key does not start with {@code otel.}
     */
    public Builder setSdkProperty(String key, String value) {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
      if (!key.startsWith("otel.")) {
        throw new IllegalArgumentException("sdkProperties must have otel.* keys and non-null values, was '" + key
            + "'");
      }
      sdkProperties.put(key, value);
      return this;
    }

    /** Sets the OTLP receiver, an absolute http or https URL. */
    public Builder setOtlpEndpoint(String otlpEndpoint) {
      this.otlpEndpoint = checkUrl("otlpEndpoint", ConfigProperty.OTLP_ENDPOINT, otlpEndpoint);
      return this;
    }

    /** Replaces the headers sent with every OTLP export; names must be non-blank. The map is copied. */
    public Builder setOtlpHeaders(Map<String, String> otlpHeaders) {
      this.otlpHeaders = checkKeyValues("otlpHeaders", otlpHeaders);
      return this;
    }

    /** Sets the attempts per OTLP export, from 1 to 5; 1 turns the exporter's retry off. */
    public Builder setOtlpMaxAttempts(int otlpMaxAttempts) {
      if (otlpMaxAttempts < 1 || otlpMaxAttempts > 5) {
        throw ConfigProperty.OTLP_RETRY_MAX_ATTEMPTS.invalid("otlpMaxAttempts", otlpMaxAttempts);
      }
      this.otlpMaxAttempts = otlpMaxAttempts;
      return this;
    }

    /** Sets how many spans are kept for re-sending after failed exports, non-negative; 0 keeps none. */
    public Builder setRetryBufferSize(int retryBufferSize) {
      if (retryBufferSize < 0) {
        throw ConfigProperty.RETRY_BUFFER_SIZE.invalid("retryBufferSize", retryBufferSize);
      }
      this.retryBufferSize = retryBufferSize;
      return this;
    }

    /** Sets the wait before the first attempt to send buffered spans again, positive. */
    public Builder setRetryInitialBackoff(Duration retryInitialBackoff) {
      this.retryInitialBackoff =
          checkPositive("retryInitialBackoff", ConfigProperty.RETRY_INITIAL_BACKOFF, retryInitialBackoff);
      return this;
    }

    /** Sets the directory failed exports are kept in, a non-empty path; null keeps them in memory. */
    public Builder setRetryDirectory(@Nullable Path retryDirectory) {
      if (retryDirectory != null && retryDirectory.toString().isBlank()) {
        throw ConfigProperty.RETRY_DIRECTORY.invalid("retryDirectory", retryDirectory);
      }
      this.retryDirectory = retryDirectory;
      return this;
    }

    /** Sets the most bytes of spans each exporter keeps in the retry directory, positive. */
    public Builder setRetryDirectoryMaxBytes(long retryDirectoryMaxBytes) {
      if (retryDirectoryMaxBytes <= 0) {
        throw ConfigProperty.RETRY_DIRECTORY_MAX_SIZE.invalid("retryDirectoryMaxBytes", retryDirectoryMaxBytes);
      }
      this.retryDirectoryMaxBytes = retryDirectoryMaxBytes;
      return this;
    }

    /** Sets the longest wait between two attempts to send buffered spans, positive. */
    public Builder setRetryMaxBackoff(Duration retryMaxBackoff) {
      this.retryMaxBackoff = checkPositive("retryMaxBackoff", ConfigProperty.RETRY_MAX_BACKOFF, retryMaxBackoff);
      return this;
    }

    /** Sets the file the {@code file} exporter appends to, a non-empty path. */
    public Builder setFilePath(Path filePath) {
      requireNonNull(filePath, "filePath");
      if (filePath.toString().isBlank()) {
        throw ConfigProperty.FILE_PATH.invalid("filePath", filePath);
      }
      this.filePath = filePath;
      return this;
    }

    /** Sets the batch processor's schedule delay, positive. */
    public Builder setScheduleDelay(Duration scheduleDelay) {
      this.scheduleDelay = checkPositive("scheduleDelay", ConfigProperty.BSP_SCHEDULE_DELAY, scheduleDelay);
      return this;
    }

    /** Sets the batch processor's queue size, positive and, at {@link #build()}, at least the batch size. */
    public Builder setMaxQueueSize(int maxQueueSize) {
      if (maxQueueSize <= 0) {
        throw ConfigProperty.BSP_MAX_QUEUE_SIZE.invalid("maxQueueSize", maxQueueSize);
      }
      this.maxQueueSize = maxQueueSize;
      return this;
    }

    /** Sets the batch processor's batch size, positive and, at {@link #build()}, at most the queue size. */
    public Builder setMaxExportBatchSize(int maxExportBatchSize) {
      if (maxExportBatchSize <= 0) {
        throw ConfigProperty.BSP_MAX_EXPORT_BATCH_SIZE.invalid("maxExportBatchSize", maxExportBatchSize);
      }
      this.maxExportBatchSize = maxExportBatchSize;
      return this;
    }

    /** Sets the batch processor's export timeout, positive. */
    public Builder setExportTimeout(Duration exportTimeout) {
      this.exportTimeout = checkPositive("exportTimeout", ConfigProperty.BSP_EXPORT_TIMEOUT, exportTimeout);
      return this;
    }

    /** Sets the longest string attribute value kept, positive. */
    public Builder setAttributeValueLengthLimit(int attributeValueLengthLimit) {
      if (attributeValueLengthLimit <= 0) {
        throw ConfigProperty.ATTRIBUTE_VALUE_LENGTH_LIMIT.invalid(
            "attributeValueLengthLimit", attributeValueLengthLimit);
      }
      this.attributeValueLengthLimit = attributeValueLengthLimit;
      return this;
    }

    /** Sets how long an application's shutdown waits for queued spans to be exported, positive. */
    public Builder setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = checkPositive("shutdownTimeout", ConfigProperty.SHUTDOWN_TIMEOUT, shutdownTimeout);
      return this;
    }

    /**
     * Replaces the propagation formats, in order; empty means none, duplicates count once. Each name is one the
     * SDK knows ({@code tracecontext}, {@code baggage}, and with {@code opentelemetry-extension-trace-propagators}
     * {@code b3}, {@code b3multi}, {@code jaeger}, {@code ottrace}) or a {@code ConfigurablePropagatorProvider}'s,
     * checked when the runtime starts.
     *
     * @throws IllegalArgumentException if a name is not lower-case letters, digits, {@code _}, {@code -} and
     *     {@code .}, or is {@code none}
     */
    public Builder setPropagators(List<String> propagators) {
      this.propagators = checkNames("propagators", ConfigProperty.PROPAGATORS, propagators);
      return this;
    }

    private static List<String> checkNames(String field, ConfigProperty property, Collection<String> names) {
      requireNonNull(names, field);
      for (String name : names) {
        requireNonNull(name, field + " element");
        if (!isProviderName(name)) {
          throw property.invalid(field, names);
        }
      }
      return names.stream().distinct().toList();
    }

    /** Sets debug mode: every trace sampled, console export added, full stack traces. */
    public Builder setDebug(boolean debug) {
      this.debug = debug;
      return this;
    }

    /** Sets whether personal data is masked before export. */
    public Builder setPiiMaskingEnabled(boolean piiMaskingEnabled) {
      this.piiMaskingEnabled = piiMaskingEnabled;
      return this;
    }

    /**
     * Adds a custom masking rule, replacing any rule of the same name.
     *
     * @throws IllegalArgumentException if the rule's expression matches the empty string (found by trying it on a
     *     few short texts), which would mask nothing and only cost time
     */
    public Builder addPiiPattern(PiiPattern pattern) {
      requireNonNull(pattern, "pattern");
      if (matchesEmpty(pattern.pattern())) {
        throw ConfigProperty.PII_PATTERNS.invalid("pattern " + pattern.name(), pattern.pattern().pattern());
      }
      piiPatterns.put(pattern.name(), pattern);
      return this;
    }

    /** Short texts on which an expression that can match the empty string shows it. */
    private static final List<String> EMPTY_MATCH_PROBES = List.of("", "a", "0", " ", "aA0 -@._/=:+%");

    /**
     * True when {@code pattern} finds an empty match in one of a few short probes: {@code x*}, {@code (a|)},
     * {@code \b}, {@code ^}, lookarounds. Such a rule masks nothing where it matches and would only cost time.
     */
    static boolean matchesEmpty(Pattern pattern) {
      for (String probe : EMPTY_MATCH_PROBES) {
        java.util.regex.Matcher matcher = pattern.matcher(probe);
        while (matcher.find()) {
          if (matcher.start() == matcher.end()) {
            return true;
          }
        }
      }
      return false;
    }

    /** Replaces the custom masking rules; of several with one name, the last wins. */
    public Builder setPiiPatterns(List<PiiPattern> patterns) {
      requireNonNull(patterns, "patterns");
      piiPatterns.clear();
      patterns.forEach(this::addPiiPattern);
      return this;
    }

    /** Replaces the built-in detectors the masker runs; an empty collection means none. Copied. */
    public Builder setPiiDetectors(Collection<PiiDetector> piiDetectors) {
      requireNonNull(piiDetectors, "piiDetectors");
      piiDetectors.forEach(d -> requireNonNull(d, "piiDetectors element"));
      this.piiDetectors = piiDetectors.isEmpty() ? EnumSet.noneOf(PiiDetector.class) : EnumSet.copyOf(piiDetectors);
      return this;
    }

    /** Replaces the extra header names whose captured values are always redacted; stored lower case. Copied. */
    public Builder setPiiRedactHeaders(Collection<String> headerNames) {
      this.piiRedactHeaders = headerNames("piiRedactHeaders", ConfigProperty.PII_REDACT_HEADERS, headerNames);
      return this;
    }

    /**
     * Replaces the captured headers masked like any text although their names contain a credential word; see
     * {@link TracingConfig#piiAllowHeaders()}. Names are trimmed and lower-cased; the collection is copied.
     *
     * @throws IllegalArgumentException if a name is not an HTTP header name
     */
    public Builder setPiiAllowHeaders(Collection<String> headerNames) {
      this.piiAllowHeaders = headerNames("piiAllowHeaders", ConfigProperty.PII_ALLOW_HEADERS, headerNames);
      return this;
    }

    private static Set<String> headerNames(String field, ConfigProperty property, Collection<String> headerNames) {
      requireNonNull(headerNames, "headerNames");
      Set<String> names = new java.util.TreeSet<>();
      for (String name : headerNames) {
        requireNonNull(name, "headerNames element");
        if (!isHeaderName(name.trim())) {
          throw property.invalid(field, headerNames);
        }
        names.add(name.trim().toLowerCase(Locale.ROOT));
      }
      return names;
    }

    /** Sets what exception events carry as a stack trace. */
    public Builder setStackTraceMode(StackTraceMode stackTraceMode) {
      this.stackTraceMode = requireNonNull(stackTraceMode, "stackTraceMode");
      return this;
    }

    /** Sets the frames per throwable a sanitized stack trace keeps, positive. */
    public Builder setMaxStackFrames(int maxStackFrames) {
      if (maxStackFrames <= 0) {
        throw ConfigProperty.EXCEPTION_MAX_FRAMES.invalid("maxStackFrames", maxStackFrames);
      }
      this.maxStackFrames = maxStackFrames;
      return this;
    }

    /** Sets whether SERVER spans answered with a 4xx get ERROR status instead of staying UNSET. */
    public Builder setServerErrorOn4xx(boolean serverErrorOn4xx) {
      this.serverErrorOn4xx = serverErrorOn4xx;
      return this;
    }

    /** Replaces the request headers captured on SERVER spans; names are stored lower case, without duplicates. */
    public Builder setServerRequestHeaders(List<String> headerNames) {
      this.serverRequestHeaders =
          headerNames("serverRequestHeaders", ConfigProperty.SERVER_CAPTURE_REQUEST_HEADERS, headerNames);
      return this;
    }

    /** Replaces the response headers captured on SERVER spans; names are stored lower case, without duplicates. */
    public Builder setServerResponseHeaders(List<String> headerNames) {
      this.serverResponseHeaders =
          headerNames("serverResponseHeaders", ConfigProperty.SERVER_CAPTURE_RESPONSE_HEADERS, headerNames);
      return this;
    }

    /** Replaces the request headers captured on CLIENT spans; names are stored lower case, without duplicates. */
    public Builder setClientRequestHeaders(List<String> headerNames) {
      this.clientRequestHeaders =
          headerNames("clientRequestHeaders", ConfigProperty.CLIENT_CAPTURE_REQUEST_HEADERS, headerNames);
      return this;
    }

    /** Replaces the response headers captured on CLIENT spans; names are stored lower case, without duplicates. */
    public Builder setClientResponseHeaders(List<String> headerNames) {
      this.clientResponseHeaders =
          headerNames("clientResponseHeaders", ConfigProperty.CLIENT_CAPTURE_RESPONSE_HEADERS, headerNames);
      return this;
    }

    private static List<String> headerNames(String field, ConfigProperty property, List<String> names) {
      requireNonNull(names, field);
      List<String> lowerCase = new java.util.ArrayList<>();
      for (String name : names) {
        requireNonNull(name, field + " element");
        if (!isHeaderName(name.trim())) {
          throw property.invalid(field, names);
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        if (!lowerCase.contains(normalized)) {
          lowerCase.add(normalized);
        }
      }
      return List.copyOf(lowerCase);
    }

    /**
     * Whether {@code name} is an HTTP field name, a token of RFC 9110 section 5.6.2. A name with a space, a colon or
     * a control character can never match a header, so accepting it would silently capture or redact nothing.
     */
    private static boolean isHeaderName(String name) {
      if (name.isEmpty()) {
        return false;
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
          return false;
        }
      }
      return true;
    }

    /** Sets whether traced responses carry a {@code traceresponse} header. */
    public Builder setTraceResponse(boolean traceResponse) {
      this.traceResponse = traceResponse;
      return this;
    }

    /** Sets the pattern of request paths not traced (matched against the whole path), or null to trace all. */
    public Builder setServerSkipPattern(@Nullable Pattern serverSkipPattern) {
      this.serverSkipPattern = serverSkipPattern;
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws IllegalArgumentException if the batch size exceeds the queue size
     */
    public TracingConfig build() {
      if (maxExportBatchSize > maxQueueSize) {
        throw new IllegalArgumentException(
            "maxExportBatchSize must be at most maxQueueSize (" + maxQueueSize + "), was '"
                + maxExportBatchSize + "'");
      }
      return new TracingConfig(this);
    }

    private static @Nullable String nonBlankOrNull(String field, @Nullable String value) {
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException(field + " must be non-blank or null, was '" + value + "'");
      }
      return value;
    }

    private static Map<String, String> checkKeyValues(String field, Map<String, String> map) {
      requireNonNull(map, field);
      for (Map.Entry<String, String> e : map.entrySet()) {
        if (e.getKey().isBlank()) {
          throw new IllegalArgumentException(field + " must have non-blank keys, was '" + map.keySet() + "'");
        }
      }
      return Map.copyOf(map);
    }

    private static String checkUrl(String field, ConfigProperty property, String url) {
      requireNonNull(url, field);
      if (!isHttpUrl(url)) {
        throw property.invalid(field, url);
      }
      return url;
    }

    static boolean isHttpUrl(String url) {
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme();
        return uri.isAbsolute()
            && uri.getHost() != null
            && scheme != null
            && (scheme.toLowerCase(Locale.ROOT).equals("http") || scheme.toLowerCase(Locale.ROOT).equals("https"));
      } catch (URISyntaxException e) {
        return false;
      }
    }

    private static Duration checkPositive(String field, ConfigProperty property, Duration duration) {
      requireNonNull(duration, field);
      if (duration.isNegative() || duration.isZero()) {
        throw property.invalid(field, duration);
      }
      return duration;
    }
  }
}
