package dev.traceguard.core.internal;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ConfigurableMetricReaderProvider;
import io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks, before the SDK is built, that every exporter, sampler and propagator named in the properties has a
 * provider on the application's class path, and reports every one that has none at once. The SDK's autoconfigure
 * would stop at the first, with a message that does not say which names would have worked.
 */
final class ProviderNames {
  private static final Set<String> BUILT_IN_SAMPLERS = Set.of("always_on", "always_off", "traceidratio",
      "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio");
  private static final Set<String> BUILT_IN_PROPAGATORS = Set.of("tracecontext", "baggage");

  private ProviderNames() {}

  /** Returns one line per unknown name, naming the property, the value and what it could have been. */
  static List<String> problems(Map<String, String> properties, ComponentLoader loader) {
    List<String> problems = new ArrayList<>();
    check(properties, "otel.traces.exporter", "a span exporter", Set.of(), () ->
        names(loader, ConfigurableSpanExporterProvider.class, ConfigurableSpanExporterProvider::getName, Set.of()),
        problems);
    check(properties, "otel.metrics.exporter", "a metric exporter", Set.of(), () -> {
      Set<String> names = names(
          loader, ConfigurableMetricExporterProvider.class, ConfigurableMetricExporterProvider::getName, Set.of());
      names.addAll(
          names(loader, ConfigurableMetricReaderProvider.class, ConfigurableMetricReaderProvider::getName, Set.of()));
      return names;
    }, problems);
    check(properties, "otel.logs.exporter", "a log record exporter", Set.of(), () -> names(loader,
        ConfigurableLogRecordExporterProvider.class, ConfigurableLogRecordExporterProvider::getName, Set.of()),
        problems);
    check(properties, "otel.propagators", "a propagator", BUILT_IN_PROPAGATORS, () -> names(loader,
        ConfigurablePropagatorProvider.class, ConfigurablePropagatorProvider::getName, BUILT_IN_PROPAGATORS),
        problems);
    String sampler = properties.get("otel.traces.sampler");
    if (sampler != null && !BUILT_IN_SAMPLERS.contains(sampler.trim())) {
      Set<String> samplers =
          names(loader, ConfigurableSamplerProvider.class, ConfigurableSamplerProvider::getName, BUILT_IN_SAMPLERS);
      if (!samplers.contains(sampler.trim())) {
        problems.add("otel.traces.sampler='" + sampler + "': must be one of " + String.join(", ", samplers)
            + " (a sampler on the application's class path)");
      }
    }
    return problems;
  }

  /**
   * Checks the names in {@code key}; the providers are looked up only when a name is neither {@code none} nor
   * built in, since every look-up scans the class path.
   */
  private static void check(Map<String, String> properties, String key, String what, Set<String> builtIn,
      Supplier<Set<String>> provided, List<String> problems) {
    String value = properties.get(key);
    if (value == null) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (String name : value.split(",", -1)) {
      String trimmed = name.trim();
      if (!trimmed.equals("none") && !builtIn.contains(trimmed)) {
        names.add(trimmed);
      }
    }
    if (names.isEmpty()) {
      return;
    }
    Set<String> known = provided.get();
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      if (!known.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      problems.add(key + "='" + value + "': " + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
          + " not " + what + " on the application's class path; must be a comma-separated list of "
          + (known.isEmpty() ? "none" : String.join(", ", known)) + ", or none alone");
    }
  }

  private static <P> Set<String> names(ComponentLoader loader, Class<P> type, Function<P, String> name,
      Set<String> builtIn) {
    Set<String> names = new TreeSet<>(builtIn);
    try {
      for (P provider : loader.load(type)) {
        names.add(name.apply(provider));
      }
    } catch (ServiceConfigurationError e) {
      // A provider that cannot even be loaded is reported by the SDK's own attempt, rewrapped by the caller.
    }
    return names;
  }

}
