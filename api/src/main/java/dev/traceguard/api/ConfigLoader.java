package dev.traceguard.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Applies a {@link PropertySource} to a {@link TracingConfig.Builder}, collecting every invalid property before
 * failing once. Used once per load; not thread-safe.
 */
final class ConfigLoader {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)?");

  private final PropertySource source;
  private final TracingConfig.Builder builder;
  private final List<String> problems = new ArrayList<>();
  // Standard properties TracingConfig does not model, handed to the SDK's autoconfigure as given: the builder's
  // own map, so that what the source does not mention stays as the base configuration had it.
  private final Map<String, String> sdkProperties;
  private boolean queueOrBatchInvalid;

  ConfigLoader(PropertySource source, TracingConfig.Builder builder) {
    this.source = source;
    this.builder = builder;
    this.sdkProperties = builder.sdkProperties;
  }

  TracingConfig load() {
    apply(ConfigProperty.SDK_DISABLED, v -> builder.setEnabled(!parseBoolean(v)));
    applyResourceAttributes();
    apply(ConfigProperty.SERVICE_NAME, builder::setServiceName);
    applySampler();
    apply(ConfigProperty.SAMPLER_KEEP_ERRORS, v -> builder.setKeepErrors(parseBoolean(v)));
    apply(ConfigProperty.TRACES_EXPORTER, v -> builder.setExporters(parseNames(v)));
    applySdkOnly(ConfigProperty.METRICS_EXPORTER, v -> String.join(",", checkNames(parseList(v))));
    applySdkOnly(ConfigProperty.LOGS_EXPORTER, v -> String.join(",", checkNames(parseList(v))));
    applySdkOnly(ConfigProperty.OTLP_PROTOCOL, v -> {
      String protocol = v.toLowerCase(Locale.ROOT);
      if (!protocol.equals("grpc") && !protocol.equals("http/protobuf")) {
        throw new IllegalArgumentException(v);
      }
      return protocol;
    });
    apply(ConfigProperty.OTLP_ENDPOINT, builder::setOtlpEndpoint);
    apply(ConfigProperty.OTLP_HEADERS, v -> builder.setOtlpHeaders(parseKeyValues(v)));
    apply(ConfigProperty.OTLP_RETRY_MAX_ATTEMPTS, v -> builder.setOtlpMaxAttempts(parseInt(v)));
    apply(ConfigProperty.RETRY_BUFFER_SIZE, v -> builder.setRetryBufferSize(parseInt(v)));
    apply(ConfigProperty.RETRY_INITIAL_BACKOFF, v -> builder.setRetryInitialBackoff(parseDuration(v)));
    apply(ConfigProperty.RETRY_MAX_BACKOFF, v -> builder.setRetryMaxBackoff(parseDuration(v)));
    apply(ConfigProperty.RETRY_DIRECTORY, v -> builder.setRetryDirectory(Path.of(v)));
    apply(ConfigProperty.RETRY_DIRECTORY_MAX_SIZE, v -> builder.setRetryDirectoryMaxBytes(parseSize(v)));
    apply(ConfigProperty.FILE_PATH, v -> builder.setFilePath(Path.of(v)));
    apply(ConfigProperty.BSP_SCHEDULE_DELAY, v -> builder.setScheduleDelay(parseDuration(v)));
    queueOrBatchInvalid |= !apply(ConfigProperty.BSP_MAX_QUEUE_SIZE, v -> builder.setMaxQueueSize(parseInt(v)));
    queueOrBatchInvalid |=
        !apply(ConfigProperty.BSP_MAX_EXPORT_BATCH_SIZE, v -> builder.setMaxExportBatchSize(parseInt(v)));
    apply(ConfigProperty.BSP_EXPORT_TIMEOUT, v -> builder.setExportTimeout(parseDuration(v)));
    apply(ConfigProperty.SHUTDOWN_TIMEOUT, v -> builder.setShutdownTimeout(parseDuration(v)));
    apply(ConfigProperty.ATTRIBUTE_VALUE_LENGTH_LIMIT, v -> builder.setAttributeValueLengthLimit(parseInt(v)));
    apply(ConfigProperty.PROPAGATORS, v -> builder.setPropagators(parseNames(v)));
    apply(ConfigProperty.DEBUG, v -> builder.setDebug(parseBoolean(v)));
    apply(ConfigProperty.PII_ENABLED, v -> builder.setPiiMaskingEnabled(parseBoolean(v)));
    apply(ConfigProperty.PII_DETECTORS, v -> builder.setPiiDetectors(parseDetectors(v)));
    apply(ConfigProperty.PII_REDACT_HEADERS, v -> builder.setPiiRedactHeaders(parseList(v)));
    apply(ConfigProperty.PII_ALLOW_HEADERS, v -> builder.setPiiAllowHeaders(parseList(v)));
    applyPiiPatterns();
    apply(ConfigProperty.EXCEPTION_STACKTRACE,
        v -> builder.setStackTraceMode(byConfigName(StackTraceMode.values(), StackTraceMode::configName, v)));
    apply(ConfigProperty.EXCEPTION_MAX_FRAMES, v -> builder.setMaxStackFrames(parseInt(v)));
    apply(ConfigProperty.SERVER_ERROR_ON_4XX, v -> builder.setServerErrorOn4xx(parseBoolean(v)));
    apply(ConfigProperty.SERVER_CAPTURE_REQUEST_HEADERS, v -> builder.setServerRequestHeaders(parseList(v)));
    apply(ConfigProperty.SERVER_CAPTURE_RESPONSE_HEADERS, v -> builder.setServerResponseHeaders(parseList(v)));
    apply(ConfigProperty.CLIENT_CAPTURE_REQUEST_HEADERS, v -> builder.setClientRequestHeaders(parseList(v)));
    apply(ConfigProperty.CLIENT_CAPTURE_RESPONSE_HEADERS, v -> builder.setClientResponseHeaders(parseList(v)));
    apply(ConfigProperty.SERVER_TRACERESPONSE, v -> builder.setTraceResponse(parseBoolean(v)));
    apply(ConfigProperty.SERVER_SKIP_PATTERN,
        v -> builder.setServerSkipPattern(v.equals("none") ? null : Pattern.compile(v)));
    checkQueueAndBatch();
    collectSdkProperties();
    if (!problems.isEmpty()) {
      throw new TraceguardConfigurationException(problems);
    }
    return builder.build();
  }

  /**
   * Collects every standard property TracingConfig does not model: those the source lists and those of the
   * {@link StandardProperty} table (which also finds environment variables whose names hold {@code _}), each
   * checked against the SDK's syntax for it.
   */
  private void collectSdkProperties() {
    Set<String> names = new TreeSet<>();
    source.names().stream().filter(name -> name.startsWith("otel.")).forEach(names::add);
    for (StandardProperty property : StandardProperty.values()) {
      names.add(property.key());
    }
    for (ConfigProperty listed : ConfigProperty.values()) {
      names.remove(listed.key()); // read above, typed or checked and passed on as given
    }
    for (String name : names) {
      Optional<String> value = value(name);
      if (value.isEmpty()) {
        continue;
      }
      Optional<String> broken = StandardProperty.forKey(name).flatMap(p -> p.check(value.get()));
      if (broken.isPresent()) {
        problems.add(name + "=" + shown(name, value.get()) + ": must be " + broken.get());
      } else {
        sdkProperties.put(name, value.get());
      }
    }
  }

  /**
   * Checks a standard key Traceguard has a default for but no field, and passes it to the SDK in the form
   * {@code normalize} gives (which throws {@link IllegalArgumentException} for an invalid value).
   */
  private void applySdkOnly(ConfigProperty property, Function<String, String> normalize) {
    apply(property, v -> sdkProperties.put(property.key(), normalize.apply(v)));
  }

  /** Checks a list of provider names: each one well formed, or {@code none} alone. */
  private static List<String> checkNames(List<String> names) {
    if (names.equals(List.of("none"))) {
      return names;
    }
    for (String name : names) {
      if (!TracingConfig.isProviderName(name)) {
        throw new IllegalArgumentException(name);
      }
    }
    return names;
  }

  /** Returns the trimmed value, empty when the property is absent or blank (OpenTelemetry's reading of blank). */
  private Optional<String> value(String name) {
    return source.get(name).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** Applies the property if set; on a bad value records a problem and returns false. */
  private boolean apply(ConfigProperty property, Consumer<String> setter) {
    Optional<String> value = value(property.key());
    if (value.isEmpty()) {
      return true;
    }
    return applyValue(property.key(), property, value.get(), setter);
  }

  private boolean applyValue(String name, ConfigProperty property, String value, Consumer<String> setter) {
    return tryParse(name, property, value, v -> {
      setter.accept(v);
      return v;
    }).isPresent();
  }

  /** Parses the named property if set; on a bad value records a problem and returns empty. */
  private <T> Optional<T> parse(String name, ConfigProperty property, Function<String, T> parser) {
    return value(name).flatMap(v -> tryParse(name, property, v, parser));
  }

  private <T> Optional<T> tryParse(String name, ConfigProperty property, String value, Function<String, T> parser) {
    try {
      return Optional.of(parser.apply(value));
    } catch (IllegalArgumentException e) {
      String detail = e instanceof PatternSyntaxException
          ? " (" + ((PatternSyntaxException) e).getDescription() + ")"
          : "";
      problem(name, property, value, property.rule() + detail);
      return Optional.empty();
    }
  }

  private void problem(String name, ConfigProperty property, String value, String rule) {
    problems.add(name + "=" + shown(name, value) + ": must be " + rule);
  }

  /** Header values are usually credentials: say how long the value was, never what it was. */
  private static String shown(String name, String value) {
    return TracingConfig.hidesValue(name) ? "<hidden, " + value.length() + " characters>" : "'" + value + "'";
  }

  private void applyResourceAttributes() {
    String key = ConfigProperty.RESOURCE_ATTRIBUTES.key();
    Optional<Map<String, String>> parsed =
        parse(key, ConfigProperty.RESOURCE_ATTRIBUTES, ConfigLoader::parseKeyValues);
    if (parsed.isEmpty()) {
      return;
    }
    Map<String, String> attributes = parsed.get();
    String name = attributes.remove("service.name");
    String version = attributes.remove("service.version");
    String environment = attributes.remove("deployment.environment.name");
    String legacyEnvironment = attributes.remove("deployment.environment");
    if (name != null) {
      applyValue(key + " (service.name)", ConfigProperty.SERVICE_NAME, name, builder::setServiceName);
    }
    if (version != null && !version.isBlank()) {
      builder.setServiceVersion(version);
    }
    if (environment == null) {
      environment = legacyEnvironment;
    }
    if (environment != null && !environment.isBlank()) {
      builder.setDeploymentEnvironment(environment);
    }
    builder.setResourceAttributes(attributes);
  }

  /**
   * The sampler and its argument are read together: the argument is the ratio of the {@code traceidratio}
   * samplers, and given alone it changes the ratio of whatever sampler the base configuration has.
   */
  private void applySampler() {
    Optional<String> sampler = value(ConfigProperty.TRACES_SAMPLER.key());
    if (sampler.isPresent() && !BUILT_IN_SAMPLERS.contains(sampler.get())
        && TracingConfig.PROVIDER_NAME.matcher(sampler.get()).matches()) {
      // A provider's sampler: its name is checked against the class path at start, its argument is its own.
      sdkProperties.put(ConfigProperty.TRACES_SAMPLER.key(), sampler.get());
      value(ConfigProperty.TRACES_SAMPLER_ARG.key())
          .ifPresent(arg -> sdkProperties.put(ConfigProperty.TRACES_SAMPLER_ARG.key(), arg));
      return;
    }
    // A built-in sampler, or a name no provider can have (reported below, with the argument still checked).
    Optional<Double> ratio =
        parse(ConfigProperty.TRACES_SAMPLER_ARG.key(), ConfigProperty.TRACES_SAMPLER_ARG, ConfigLoader::parseRatio);
    if (sampler.isPresent()) {
      apply(ConfigProperty.TRACES_SAMPLER, v -> applySamplerName(v, ratio.orElse(1.0)));
    } else {
      ratio.ifPresent(builder::setSamplingRatio);
    }
  }

  private static final Set<String> BUILT_IN_SAMPLERS = Set.of("always_on", "always_off", "traceidratio",
      "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio");

  private void applySamplerName(String name, double ratio) {
    switch (name) {
      case "always_on" -> builder.setParentBased(false).setSamplingRatio(1.0);
      case "always_off" -> builder.setParentBased(false).setSamplingRatio(0.0);
      case "traceidratio" -> builder.setParentBased(false).setSamplingRatio(ratio);
      case "parentbased_always_on" -> builder.setParentBased(true).setSamplingRatio(1.0);
      case "parentbased_always_off" -> builder.setParentBased(true).setSamplingRatio(0.0);
      case "parentbased_traceidratio" -> builder.setParentBased(true).setSamplingRatio(ratio);
      default -> throw new IllegalArgumentException(name);
    }
  }

  private void applyPiiPatterns() {
    String prefix = ConfigProperty.PII_PATTERNS.familyPrefix();
    source.names().stream()
        .filter(name -> name.startsWith(prefix) && name.length() > prefix.length())
        .sorted()
        .forEach(name -> apply(name, ConfigProperty.PII_PATTERNS,
            v -> builder.addPiiPattern(PiiPattern.of(name.substring(prefix.length()), v))));
  }

  private void apply(String name, ConfigProperty family, Consumer<String> setter) {
    value(name).ifPresent(v -> applyValue(name, family, v, setter));
  }

  private void checkQueueAndBatch() {
    if (queueOrBatchInvalid || builder.maxExportBatchSize <= builder.maxQueueSize) {
      return;
    }
    // Report under the property the user set; when both are set, the batch size is the one that is too large.
    Optional<String> batch = value(ConfigProperty.BSP_MAX_EXPORT_BATCH_SIZE.key());
    if (batch.isPresent()) {
      problem(ConfigProperty.BSP_MAX_EXPORT_BATCH_SIZE.key(), ConfigProperty.BSP_MAX_EXPORT_BATCH_SIZE,
          batch.get(), ConfigProperty.BSP_MAX_EXPORT_BATCH_SIZE.rule() + " (" + builder.maxQueueSize + ")");
    } else {
      problem(ConfigProperty.BSP_MAX_QUEUE_SIZE.key(), ConfigProperty.BSP_MAX_QUEUE_SIZE,
          value(ConfigProperty.BSP_MAX_QUEUE_SIZE.key()).orElse(Integer.toString(builder.maxQueueSize)),
          ConfigProperty.BSP_MAX_QUEUE_SIZE.rule() + " (" + builder.maxExportBatchSize + ")");
    }
  }

  static boolean parseBoolean(String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(value);
  }

  /** Whole bytes, or a whole number with KB, MB or GB (powers of 1024); overflow is invalid. */
  static long parseSize(String value) {
    String text = value.strip().toUpperCase(Locale.ROOT);
    long unit = 1;
    for (String[] suffix : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}}) {
      if (text.endsWith(suffix[0])) {
        unit = Long.parseLong(suffix[1]);
        text = text.substring(0, text.length() - 2).strip();
        break;
      }
    }
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(value);
    }
    try {
      return Math.multiplyExact(Long.parseLong(text), unit);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(value, e);
    }
  }

  private static int parseInt(String value) {
    return Integer.parseInt(value); // NumberFormatException is an IllegalArgumentException
  }

  private static double parseRatio(String value) {
    double ratio = Double.parseDouble(value);
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException(value);
    }
    return ratio;
  }

  /** Reads OpenTelemetry's duration syntax: whole milliseconds, or a whole number with a unit. */
  static Duration parseDuration(String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(value);
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    try {
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(value, e); // more than a Duration holds: a bad value, not a crash
    }
  }

  /** Reads {@code k1=v1,k2=v2} with percent-decoded values, as OpenTelemetry does. Keeps the order given. */
  static Map<String, String> parseKeyValues(String value) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String pair : value.split(",", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || pair.substring(0, eq).isBlank()) {
        throw new IllegalArgumentException(pair);
      }
      result.put(pair.substring(0, eq).trim(),
          URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
    }
    return result;
  }

  private static Set<PiiDetector> parseDetectors(String value) {
    return parseNamedSet(value, PiiDetector.class, PiiDetector::configName);
  }


  /** Reads a comma list of constants by their configuration names, or {@code none} alone for the empty set. */
  private static <E extends Enum<E>> Set<E> parseNamedSet(String value, Class<E> type, Function<E, String> name) {
    List<String> names = parseList(value);
    if (names.equals(List.of("none"))) {
      return Set.of();
    }
    Set<E> constants = EnumSet.noneOf(type);
    for (String each : names) {
      constants.add(byConfigName(type.getEnumConstants(), name, each));
    }
    return constants;
  }

  /** Reads a comma list of provider names, or {@code none} alone for none. */
  private static List<String> parseNames(String value) {
    List<String> names = parseList(value);
    return names.equals(List.of("none")) ? List.of() : names;
  }

  /** Splits a comma list; an empty element is an error, not something to skip silently. */
  private static List<String> parseList(String value) {
    List<String> names = new ArrayList<>();
    for (String name : value.split(",", -1)) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException(value);
      }
      names.add(trimmed);
    }
    return names;
  }

  /** Finds the constant whose configuration name is {@code value}; the caller's rule text lists the names. */
  private static <E extends Enum<E>> E byConfigName(E[] constants, Function<E, String> configName, String value) {
    for (E constant : constants) {
      if (configName.apply(constant).equals(value)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(value);
  }
}
