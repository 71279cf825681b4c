package dev.traceguard.cdi.internal;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the CDI integration reads from configuration: the {@link TracingConfig} and the one property of its own,
 * {@value #SHUTDOWN_TIMEOUT}, which {@code TracingConfig} does not hold. Both are read from the same source, and
 * every invalid property of either is reported in one {@link TraceguardConfigurationException}. Immutable.
 */
final class DeploymentSettings {

  /** How long the shutdown waits for queued spans to be exported: {@value}. */
  static final String SHUTDOWN_TIMEOUT = "traceguard.shutdown.timeout";

  /** The shutdown timeout when none is configured: 10 seconds. */
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = TracingRuntime.DEFAULT_SHUTDOWN_TIMEOUT;

  /** The rule of {@value #SHUTDOWN_TIMEOUT}, worded as {@code TracingConfig}'s duration rule. */
  static final String DURATION_RULE =
      "a positive duration: whole milliseconds, or a whole number followed by ms, s, m, h or d";

  // OpenTelemetry's duration syntax, as TracingConfig reads it.
  private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)?");

  private final TracingConfig tracing;
  private final Duration shutdownTimeout;

  private DeploymentSettings(TracingConfig tracing, Duration shutdownTimeout) {
    this.tracing = tracing;
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * Reads the settings.
   *
   * @throws TraceguardConfigurationException listing every invalid property, those of {@code TracingConfig} first
   */
  static DeploymentSettings load(PropertySource source) {
    List<String> problems = new ArrayList<>();
    @Nullable TracingConfig tracing = null;
    try {
      tracing = TracingConfig.from(source);
    } catch (TraceguardConfigurationException e) {
      problems.addAll(e.problems());
    }
    Duration timeout = DEFAULT_SHUTDOWN_TIMEOUT;
    Optional<String> value = source.get(SHUTDOWN_TIMEOUT).map(String::trim).filter(v -> !v.isEmpty());
    if (value.isPresent()) {
      Optional<Duration> parsed = parsePositiveDuration(value.get());
      if (parsed.isPresent()) {
        timeout = parsed.get();
      } else {
        problems.add(SHUTDOWN_TIMEOUT + "='" + value.get() + "': must be " + DURATION_RULE);
      }
    }
    if (!problems.isEmpty() || tracing == null) {
      throw new TraceguardConfigurationException(problems);
    }
    return new DeploymentSettings(tracing, timeout);
  }

  /** Reads OpenTelemetry's duration syntax; empty when the text breaks it or the duration is zero. */
  static Optional<Duration> parsePositiveDuration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    try {
      Duration duration = switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
      return duration.isZero() ? Optional.empty() : Optional.of(duration);
    } catch (ArithmeticException e) {
      return Optional.empty(); // more days than a Duration holds
    }
  }

  TracingConfig tracing() {
    return tracing;
  }

  Duration shutdownTimeout() {
    return shutdownTimeout;
  }
}
