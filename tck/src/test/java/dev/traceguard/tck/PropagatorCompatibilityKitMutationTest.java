package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.Propagator;
import dev.traceguard.api.TraceParent;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link PropagatorCompatibilityKit} detects violations. The simple implementation is OpenTelemetry's
 * own W3C propagators used as they come, with a one-regex traceparent parser: the kit must name the rules it breaks
 * (repeated headers, forward-compatible versions, the current tracestate key grammar). Each mutant breaks one more rule on top of it, and the kit must
 * name that rule as well.
 */
class PropagatorCompatibilityKitMutationTest {

  private static final Pattern VERSION_00 =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

  /**
   * OpenTelemetry's propagators as they come; {@code values} rewrites every header value the getter hands out (given
   * the header name and the value), which is how the mutants break a rule.
   */
  static class SimplePropagator implements Propagator {
    private final TextMapPropagator delegate = TextMapPropagator.composite(
        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
    private final BinaryOperator<String> values;

    SimplePropagator(BinaryOperator<String> values) {
      this.values = values;
    }

    @Override
    public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
      if (carrier == null) {
        return context;
      }
      return delegate.extract(context, carrier, new TextMapGetter<C>() {
        @Override
        public Iterable<String> keys(C c) {
          return getter.keys(c);
        }

        @Override
        public @Nullable String get(@Nullable C c, String key) {
          String value = getter.get(c, key);
          return value == null ? null : values.apply(key, value);
        }
      });
    }

    @Override
    public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
      delegate.inject(context, carrier, setter);
    }

    @Override
    public Optional<TraceParent> parseTraceparent(@Nullable String header) {
      Matcher matcher = VERSION_00.matcher(header == null ? "" : values.apply("traceparent", header));
      if (!matcher.matches() || matcher.group(1).matches("0+") || matcher.group(2).matches("0+")) {
        return Optional.empty();
      }
      return Optional.of(new TraceParent(0, matcher.group(1), matcher.group(2),
          Integer.parseInt(matcher.group(3), 16)));
    }
  }

  static class Simple extends PropagatorCompatibilityKit {
    @Override
    protected Propagator createPropagator() {
      return new SimplePropagator(this::rewrite);
    }

    String rewrite(String header, String value) {
      return value;
    }
  }

  /** Reads hex case-insensitively. */
  static class LowerCases extends Simple {
    @Override
    String rewrite(String header, String value) {
      return value.toLowerCase(Locale.ROOT);
    }
  }

  /** Treats version ff as 00. */
  static class AcceptsVersionFf extends Simple {
    @Override
    String rewrite(String header, String value) {
      return value.startsWith("ff-") ? "00-" + value.substring(3) : value;
    }
  }

  /** Cuts tracestate at 128 characters, which may split a member. */
  static class CutsTracestate extends Simple {
    @Override
    String rewrite(String header, String value) {
      return header.equals("tracestate") && value.length() > 128 ? value.substring(0, 128) : value;
    }
  }

  /** Loses the baggage header. */
  static class DropsBaggage extends Simple {
    @Override
    String rewrite(String header, String value) {
      return header.equals("baggage") ? "" : value;
    }
  }

  private static final List<String> SIMPLE_FAILURES = List.of(
      // A regex for version 00 only, with no optional white space around the value.
      "tp-future-version-exact", "tp-future-version-suffix", "tp-future-version-dash-only", "tp-future-version-fe", "tp-ows-spaces",
      "tp-ows-tabs",
      // Only the first value of a repeated header is read.
      "tp-duplicate-headers", "tp-duplicate-identical", "tp-duplicate-name-cases", "tp-duplicate-one-invalid",
      "ts-combined-headers", "ts-combined-name-cases", "ts-32-members-two-headers", "ts-512-characters",
      "ts-key-256", "inj-tracestate-unchanged", "bg-two-headers",
      // The whole tracestate is dropped for one empty member.
      "ts-empty-members",
      // The setter is called with a null carrier.
      "api-null-carrier",
      // OpenTelemetry's trace state keeps Level 1's key grammar: keys the harness now accepts drop the whole list.
      "ts-key-tenant-242", "ts-key-system-15", "ts-key-at-last", "ts-key-two-ats", "ts-key-two-ats-adjacent",
      "ts-key-256-with-at");

  @Test
  void simple_failsExactlyTheRulesItBreaks() {
    assertThat(KitRun.of(Simple.class).failedCaseIds()).containsExactlyInAnyOrderElementsOf(SIMPLE_FAILURES);
  }

  @Test
  void lowerCases_failsTheLowerCaseRulesAndTheCasesWhoseValuesItAlters() {
    assertThat(newFailures(LowerCases.class)).containsExactlyInAnyOrder(
        // Upper-case hex is invalid.
        "tp-version-uppercase", "tp-trace-id-uppercase", "tp-trace-id-one-uppercase", "tp-parent-id-uppercase",
        "tp-flags-uppercase",
        // Opaque values and baggage keys must come through unchanged.
        "ts-single", "bg-single", "bg-several", "bg-percent-decoded", "bg-inject-percent-encoding");
  }

  @Test
  void acceptsVersionFf_failsTheVersionFfRules() {
    assertThat(newFailures(AcceptsVersionFf.class)).containsExactlyInAnyOrder("tp-version-ff", "tr-version-ff");
  }

  @Test
  void cutsTracestate_failsTheWholeEntryRules() {
    assertThat(newFailures(CutsTracestate.class)).isNotEmpty().contains("ts-long-entries-whole", "ts-value-256");
  }

  @Test
  void dropsBaggage_failsTheBaggageRules() {
    assertThat(newFailures(DropsBaggage.class)).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("bg-"));
  }

  /** The ids of the failures that {@code mutant} adds to those of the simple implementation. */
  private static List<String> newFailures(Class<? extends Simple> mutant) {
    List<String> failures = KitRun.of(mutant).failedCaseIds();
    failures.removeAll(SIMPLE_FAILURES);
    return failures;
  }
}
