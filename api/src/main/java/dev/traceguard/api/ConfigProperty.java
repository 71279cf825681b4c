package dev.traceguard.api;

/**
 * Every configuration property {@link TracingConfig#from(PropertySource)} reads: its name, default, rule and
 * meaning, declared once. The loader's error messages, the builder's argument checks and the property table in
 * {@code docs/configuration.md} (checked by a test) all take their text from here.
 */
enum ConfigProperty {
  SDK_DISABLED(
      "otel.sdk.disabled", "false", Rules.BOOLEAN,
      "`true` turns Traceguard off: no SDK is built, no thread is started, every entry point hands out no-ops."),
  SERVICE_NAME(
      "otel.service.name", TracingConfig.DEFAULT_SERVICE_NAME,
      "1 to 255 characters, not blank, no control characters",
      "The `service.name` resource attribute. Wins over a `service.name` given in `otel.resource.attributes`."),
  RESOURCE_ATTRIBUTES(
      "otel.resource.attributes", "", Rules.KEY_VALUES,
      "Extra resource attributes. `service.version` and `deployment.environment.name` given here set the service"
          + " version and deployment environment."),
  TRACES_SAMPLER(
      "otel.traces.sampler", "parentbased_always_on",
      "one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off,"
          + " parentbased_traceidratio, or the name of a ConfigurableSamplerProvider on the class path",
      "The sampler. `traceguard.debug=true` samples everything whatever this says."),
  TRACES_SAMPLER_ARG(
      "otel.traces.sampler.arg", "1.0", "a number in [0, 1]",
      "The ratio of traces sampled by the `traceidratio` samplers; ignored by the `always_*` samplers. Given"
          + " without `otel.traces.sampler`, it sets the ratio and keeps the sampler's parent-based choice."),
  SAMPLER_KEEP_ERRORS(
      "traceguard.sampler.keep-errors", "false", Rules.BOOLEAN,
      "`true` records spans the ratio sampler dropped and exports those that end with an error, so errors are"
          + " never lost to sampling."),
  TRACES_EXPORTER(
      "otel.traces.exporter", "otlp",
      "a comma-separated list of exporter names (otlp, zipkin, console, file, jaeger or the name of a"
          + " ConfigurableSpanExporterProvider on the class path), or none alone",
      "Where spans go. `zipkin` needs its optional dependencies (exporters.md); `jaeger` is OTLP to Jaeger's OTLP"
          + " port, with a one-time warning that Jaeger's native protocols are retired; `console` prints each trace"
          + " as a tree and can be combined with any other. Every exporter, a third party's"
          + " included, gets spans only after masking."),
  METRICS_EXPORTER(
      "otel.metrics.exporter", TracingConfig.DEFAULT_METRICS_EXPORTER,
      "a comma-separated list of metric exporter names (otlp, prometheus, console or the name of a"
          + " ConfigurableMetricExporterProvider on the class path), or none alone",
      "Where metrics go (`traceguard.errors`, `http.server.request.duration`, `traceguard.spans.dropped`, and the"
          + " application's own): OTLP over the `otel.exporter.otlp.*` settings, a Prometheus scrape endpoint"
          + " (`otel.exporter.prometheus.host`, `.port`; its optional dependency, exporters.md), or the log. `none` (Traceguard's default; the SDK's is"
          + " `otlp`) collects no metric at all.", true),
  LOGS_EXPORTER(
      "otel.logs.exporter", TracingConfig.DEFAULT_LOGS_EXPORTER,
      "a comma-separated list of log record exporter names, or none alone",
      "Where log records go: `java.util.logging` records (bridged by Traceguard, with the current trace and span"
          + " ids, masked like spans) and those sent through the OpenTelemetry Logs API. `none` (Traceguard's"
          + " default; the SDK's is `otlp`) bridges nothing.", true),
  OTLP_PROTOCOL(
      "otel.exporter.otlp.protocol", TracingConfig.DEFAULT_OTLP_PROTOCOL, "grpc or http/protobuf",
      "The OTLP transport (Traceguard's default; the SDK's is `grpc`). `grpc` needs a gRPC sender on the class path."
          + " `otel.exporter.otlp.traces.protocol` and the other per-signal keys override it.", true),
  OTLP_ENDPOINT(
      "otel.exporter.otlp.endpoint", "http://localhost:4318 (http/protobuf), http://localhost:4317 (grpc)",
      Rules.URL,
      "The OTLP receiver. For http/protobuf, `/v1/traces` is appended as the OpenTelemetry specification says;"
          + " `otel.exporter.otlp.traces.endpoint` is used as given."),
  OTLP_HEADERS(
      "otel.exporter.otlp.headers", "", Rules.KEY_VALUES,
      "Headers sent with every OTLP export, typically authentication. Never echoed in messages."),
  OTLP_RETRY_MAX_ATTEMPTS(
      "traceguard.exporter.otlp.retry.max-attempts", Integer.toString(TracingConfig.DEFAULT_OTLP_MAX_ATTEMPTS),
      "an integer from 1 to 5 (the OpenTelemetry exporter's limit)",
      "Attempts per OTLP export, with exponential back-off between them; `1` turns the exporter's retry off."),
  RETRY_BUFFER_SIZE(
      "traceguard.exporter.retry.buffer-size", Integer.toString(TracingConfig.DEFAULT_RETRY_BUFFER_SIZE),
      "a non-negative integer",
      "Spans kept in memory after an export failed, re-sent when the backend answers again; the oldest are"
          + " dropped first (and counted) when it is full. `0` keeps none."),
  RETRY_INITIAL_BACKOFF(
      "traceguard.exporter.retry.initial-backoff", Long.toString(TracingConfig.DEFAULT_RETRY_INITIAL_BACKOFF_MILLIS),
      Rules.DURATION,
      "The wait after a failed export before the exporter's own thread sends the oldest buffered spans again, with"
          + " or without new traffic; it doubles (with jitter) after each further failure."),
  RETRY_MAX_BACKOFF(
      "traceguard.exporter.retry.max-backoff", Long.toString(TracingConfig.DEFAULT_RETRY_MAX_BACKOFF_MILLIS),
      Rules.DURATION,
      "The longest wait between two attempts, and the longest a receiver's `Retry-After` is honoured. An initial"
          + " back-off above it waits this long."),
  RETRY_DIRECTORY(
      "traceguard.exporter.retry.directory", "", "a non-empty directory path",
      "Keeps the spans of failed exports in files in this directory (a subdirectory per service and exporter,"
          + " readable by the process's user only) instead of memory, and sends them after a restart; for services"
          + " that must not lose spans to a restart during an outage. One directory per process. Empty keeps them in"
          + " memory."),
  RETRY_DIRECTORY_MAX_SIZE(
      "traceguard.exporter.retry.directory.max-size", "64MB",
      "a positive size: whole bytes, or a whole number followed by KB, MB or GB (powers of 1024)",
      "The most bytes each exporter keeps in the retry directory; beyond it the oldest files are dropped first"
          + " (and counted as `RETRY_BUFFER_FULL`)."),
  FILE_PATH(
      "traceguard.exporter.file.path", TracingConfig.DEFAULT_FILE_PATH, "a non-empty file path",
      "The file the `file` exporter appends OTLP JSON lines to (one `ExportTraceServiceRequest` per line)."),
  BSP_SCHEDULE_DELAY(
      "otel.bsp.schedule.delay", Long.toString(TracingConfig.DEFAULT_SCHEDULE_DELAY_MILLIS), Rules.DURATION,
      "The longest a finished span waits in the queue before its batch is exported."),
  BSP_MAX_QUEUE_SIZE(
      "otel.bsp.max.queue.size", Integer.toString(TracingConfig.DEFAULT_MAX_QUEUE_SIZE),
      "a positive integer, at least otel.bsp.max.export.batch.size",
      "Finished spans held for export; beyond it spans are dropped and counted."),
  BSP_MAX_EXPORT_BATCH_SIZE(
      "otel.bsp.max.export.batch.size", Integer.toString(TracingConfig.DEFAULT_MAX_EXPORT_BATCH_SIZE),
      "a positive integer, at most otel.bsp.max.queue.size",
      "The most spans sent in one export."),
  BSP_EXPORT_TIMEOUT(
      "otel.bsp.export.timeout", Long.toString(TracingConfig.DEFAULT_EXPORT_TIMEOUT_MILLIS), Rules.DURATION,
      "How long the batch processor waits for one export before abandoning it."),
  ATTRIBUTE_VALUE_LENGTH_LIMIT(
      "otel.attribute.value.length.limit", Integer.toString(TracingConfig.DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT),
      "a positive integer",
      "The longest string attribute value kept; longer values are truncated. OpenTelemetry's default is"
          + " unlimited; Traceguard bounds it so a huge header or message cannot grow memory."),
  SHUTDOWN_TIMEOUT(
      "traceguard.shutdown.timeout", Long.toString(TracingConfig.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS), Rules.DURATION,
      "How long an application's shutdown waits for queued spans to be exported before it stops anyway."),
  PROPAGATORS(
      "otel.propagators", "tracecontext,baggage",
      "a comma-separated list of propagator names (tracecontext, baggage; b3, b3multi, jaeger, ottrace with"
          + " opentelemetry-extension-trace-propagators; or the name of a ConfigurablePropagatorProvider on the"
          + " class path), or none alone",
      "The context propagation formats. W3C Trace Context is read with Traceguard's strict rules."),
  DEBUG(
      "traceguard.debug", "false", Rules.BOOLEAN,
      "`true` samples every trace (`always_on`), adds console export and records full stack traces."),
  PII_ENABLED(
      "traceguard.pii.enabled", "true", Rules.BOOLEAN,
      "Masks personal data in every span before it leaves the process. Secrets in query strings and"
          + " sensitive headers are redacted even when this is `false`."),
  PII_DETECTORS(
      "traceguard.pii.detectors", "email,phone,card,ssn,iban,secret",
      "a comma-separated list of email, phone, card, ssn, iban and secret, or none alone",
      "The built-in detectors the masker runs; custom patterns run whatever this says."),
  PII_REDACT_HEADERS(
      "traceguard.pii.redact-headers", "",
      "a comma-separated list of HTTP header names",
      "Captured headers whose values are always exported as `[REDACTED]`, in addition to every header whose name"
          + " contains `token`, `secret`, `key`, `auth`, `session`, `password` or `cookie` (case-insensitive)."),
  PII_ALLOW_HEADERS(
      "traceguard.pii.allow-headers", "",
      "a comma-separated list of HTTP header names",
      "Captured headers exported masked rather than redacted whole although their names contain one of the"
          + " words above (`x-session-count`, say). Names in `traceguard.pii.redact-headers` stay redacted."),
  PII_PATTERNS(
      "traceguard.pii.patterns.<name>", "", "a valid Java regular expression that cannot match the empty string",
      "A custom masking rule named `<name>`: every match is replaced with `[REDACTED]`."),
  EXCEPTION_STACKTRACE(
      "traceguard.exception.stacktrace", StackTraceMode.SANITIZED.configName(), "full, sanitized or none",
      "What `exception.stacktrace` holds: everything, a sanitized trace (frames capped, messages masked,"
          + " file-system paths removed), or nothing."),
  EXCEPTION_MAX_FRAMES(
      "traceguard.exception.max-frames", Integer.toString(TracingConfig.DEFAULT_MAX_STACK_FRAMES),
      "a positive integer", "The most frames per throwable a sanitized stack trace keeps."),
  SERVER_ERROR_ON_4XX(
      "traceguard.server.error-on-4xx", "false", Rules.BOOLEAN,
      "`true` sets ERROR status on SERVER spans answered with a 4xx; by default they stay UNSET, as the HTTP"
          + " semantic conventions say (the exception event and error attributes are recorded either way)."),
  SERVER_CAPTURE_REQUEST_HEADERS(
      "otel.instrumentation.http.server.capture-request-headers", "", "a comma-separated list of HTTP header names",
      "Request headers recorded on SERVER spans as `http.request.header.<name>` (lower case, string arrays)."
          + " Credential headers are always exported as `[REDACTED]`."),
  SERVER_CAPTURE_RESPONSE_HEADERS(
      "otel.instrumentation.http.server.capture-response-headers", "", "a comma-separated list of HTTP header names",
      "Response headers recorded on SERVER spans as `http.response.header.<name>`."),
  CLIENT_CAPTURE_REQUEST_HEADERS(
      "otel.instrumentation.http.client.capture-request-headers", "", "a comma-separated list of HTTP header names",
      "Request headers recorded on CLIENT spans as `http.request.header.<name>`."),
  CLIENT_CAPTURE_RESPONSE_HEADERS(
      "otel.instrumentation.http.client.capture-response-headers", "", "a comma-separated list of HTTP header names",
      "Response headers recorded on CLIENT spans as `http.response.header.<name>`."),
  SERVER_TRACERESPONSE(
      "traceguard.server.traceresponse", "true", Rules.BOOLEAN,
      "`true` adds a W3C Trace Context Level 2 `traceresponse` header (`00-<trace-id>-<span-id>-<flags>`) to"
          + " every response whose SERVER span records (sampled, or kept by `traceguard.sampler.keep-errors`)."),
  SERVER_SKIP_PATTERN(
      "traceguard.server.skip-pattern", TracingConfig.DEFAULT_SERVER_SKIP_PATTERN,
      "a valid Java regular expression, or none",
      "Requests whose whole path (from the application root, with a leading `/`) matches are not traced;"
          + " `none` traces every path.");

  private final String key;
  private final String defaultValue;
  private final String rule;
  private final String description;
  private final boolean sdkOnly;

  ConfigProperty(String key, String defaultValue, String rule, String description) {
    this(key, defaultValue, rule, description, false);
  }

  /**
   * @param sdkOnly true for a standard key listed here only because Traceguard's default differs from the SDK's:
   *     checked when loaded and passed to the SDK as given, with no field of its own in {@link TracingConfig}
   */
  ConfigProperty(String key, String defaultValue, String rule, String description, boolean sdkOnly) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.rule = rule;
    this.description = description;
    this.sdkOnly = sdkOnly;
  }

  /** True for a standard key with a Traceguard default but no field in {@link TracingConfig}. */
  boolean isSdkOnly() {
    return sdkOnly;
  }

  /** The property name, or for a family the prefix followed by {@code <name>}. */
  String key() {
    return key;
  }

  /** The default as a person reads it; empty when there is none. */
  String defaultValue() {
    return defaultValue;
  }

  /** What a valid value is, phrased to follow "must be". */
  String rule() {
    return rule;
  }

  String description() {
    return description;
  }

  /** For a family such as {@code traceguard.pii.patterns.<name>}: the prefix before {@code <name>}. */
  String familyPrefix() {
    return key.substring(0, key.indexOf('<'));
  }

  boolean isFamily() {
    return key.endsWith(">");
  }

  /** Names the builder field and this property's rule, for the builder's argument checks. */
  IllegalArgumentException invalid(String field, Object value) {
    return new IllegalArgumentException(field + " must be " + rule + ", was '" + value + "'");
  }

  /** Rule texts shared by several properties. */
  static final class Rules {
    static final String BOOLEAN = "true or false";
    static final String URL = "an absolute http or https URL";
    static final String KEY_VALUES = "a comma-separated list of key=value pairs with non-empty keys";
    static final String DURATION =
        "a positive duration: whole milliseconds, or a whole number followed by ms, s, m, h or d";

    private Rules() {}
  }
}
