package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Random-input tests: whatever the headers, parsing and extraction never throw, and what is accepted is consistent.
 * Each test seeds its own {@link Random}, so a failure replays exactly.
 */
class W3CPropagatorFuzzTest {
  private static final long SEED = 0x7261636567756172L;
  private static final int ITERATIONS = 20_000;
  private static final int HUGE = 64 * 1024;
  private static final String VALID_00 = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String VALID_01 = "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00-extra";
  private static final String HEX = "0123456789abcdef";
  private static final String INTERESTING = "0123456789abcdefABCDEF-, \t=\n\r\u0000\u00ff\u0661\ud800\uffff";

  private final W3CPropagator propagator = W3CPropagator.create(List.of("tracecontext", "baggage"));
  private final Random random = new Random(SEED);

  /** Case-insensitive multi-value getter, as an HTTP server's header map would be. */
  enum HeadersGetter implements TextMapGetter<Map<String, List<String>>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, List<String>> carrier) {
      return carrier.keySet();
    }

    @Override
    public @Nullable String get(@Nullable Map<String, List<String>> carrier, String key) {
      Iterator<String> values = getAll(carrier, key);
      return values.hasNext() ? values.next() : null;
    }

    @Override
    public Iterator<String> getAll(@Nullable Map<String, List<String>> carrier, String key) {
      if (carrier == null) {
        return Collections.emptyIterator();
      }
      List<String> values = new ArrayList<>();
      carrier.forEach((name, list) -> {
        if (name.equalsIgnoreCase(key)) {
          values.addAll(list);
        }
      });
      return values.iterator();
    }
  }

  @Test
  void parseTraceparent_randomAsciiStrings_neverThrowAndRoundTrip() {
    for (int i = 0; i < ITERATIONS; i++) {
      checkParse(ascii(random.nextInt(80)));
    }
  }

  @Test
  void parseTraceparent_randomBinaryStrings_neverThrowAndRoundTrip() {
    for (int i = 0; i < ITERATIONS; i++) {
      checkParse(binary(random.nextInt(80)));
    }
  }

  @Test
  void parseTraceparent_hugeValues_neverThrowAndRoundTrip() {
    int accepted = 0;
    for (int i = 0; i < 200; i++) {
      String value;
      switch (i % 4) {
        case 0:
          value = ascii(HUGE);
          break;
        case 1:
          value = binary(HUGE);
          break;
        case 2:
          value = VALID_01 + "-" + ascii(HUGE); // a higher version may carry anything after its fourth field
          break;
        default:
          value = VALID_00 + "-" + ascii(HUGE);
          break;
      }
      if (checkParse(value).isPresent()) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(50);
  }

  @Test
  void parseTraceparent_validValueMutatedAtOnePosition_agreesWithSdkAndRoundTrips() {
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      String value = mutate(random.nextBoolean() ? VALID_00 : VALID_01);
      Optional<TraceParent> parsed = checkParse(value);
      if (parsed.isPresent()) {
        accepted++;
      } else {
        rejected++;
      }
      String trimmed = trimOws(value);
      SpanContext sdk = sdkExtract(trimmed);
      assertThat(sdk.isValid()).as("SDK validity of '%s'", value).isEqualTo(parsed.isPresent());
      parsed.ifPresent(p -> {
        assertThat(sdk.getTraceId()).isEqualTo(p.traceId());
        assertThat(sdk.getSpanId()).isEqualTo(p.parentId());
        assertThat(sdk.getTraceFlags().asByte()).isEqualTo((byte) p.flags());
      });
    }
    // Both outcomes must be common, or the properties above were hardly exercised.
    assertThat(accepted).isGreaterThan(ITERATIONS / 10);
    assertThat(rejected).isGreaterThan(ITERATIONS / 10);
  }

  @Test
  void parseTraceparent_generatedTraceparents_agreeWithSdkAndRoundTrip() {
    int accepted = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      String value = ows() + hexOrJunk(2) + sep() + hexOrJunk(32) + sep() + hexOrJunk(16) + sep() + hexOrJunk(2)
          + suffix() + ows();
      Optional<TraceParent> parsed = checkParse(value);
      if (parsed.isPresent()) {
        accepted++;
      }
      assertThat(sdkExtract(trimOws(value)).isValid()).as("SDK validity of '%s'", value)
          .isEqualTo(parsed.isPresent());
    }
    assertThat(accepted).isGreaterThan(ITERATIONS / 10);
  }

  @Test
  void extract_randomHeaders_neverThrowAndOnlyOneValidTraceparentIsUsed() {
    int extracted = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      headers.put(random.nextBoolean() ? "traceparent" : "TraceParent", values(this::traceparentValue));
      headers.put(random.nextBoolean() ? "tracestate" : "TRACESTATE", values(this::listValue));
      headers.put("baggage", values(this::listValue));

      Context context = propagator.extract(Context.root(), headers, HeadersGetter.INSTANCE);

      SpanContext spanContext = Span.fromContext(context).getSpanContext();
      Optional<TraceParent> expected = onlyTraceparent(headers.values().iterator().next());
      assertThat(spanContext.isValid()).as("validity for %s", headers.values().iterator().next())
          .isEqualTo(expected.isPresent());
      if (expected.isPresent()) {
        extracted++;
        assertThat(spanContext.getTraceId()).isEqualTo(expected.get().traceId());
        assertThat(spanContext.getSpanId()).isEqualTo(expected.get().parentId());
        assertThat(spanContext.getTraceFlags().asByte()).isEqualTo((byte) expected.get().flags());
        assertThat(spanContext.getTraceState().size()).isLessThanOrEqualTo(32);
      }
    }
    assertThat(extracted).isGreaterThan(ITERATIONS / 20);
  }

  /**
   * Parses {@code value} and checks what must hold of any accepted value: it re-parses from its own header to an
   * equal value, and a version-00 value is its own canonical form.
   */
  private Optional<TraceParent> checkParse(String value) {
    Optional<TraceParent> parsed = propagator.parseTraceparent(value);
    parsed.ifPresent(p -> {
      assertThat(propagator.parseTraceparent(p.toHeader())).as("re-parse of '%s'", value).contains(p);
      if (p.version() == 0) {
        assertThat(p.toHeader()).isEqualTo(trimOws(value));
      }
    });
    return parsed;
  }

  /** The traceparent the propagator should use: the only non-blank comma-separated element, if valid. */
  private Optional<TraceParent> onlyTraceparent(List<String> values) {
    String only = null;
    for (String value : values) {
      for (String element : value.split(",", -1)) {
        if (!trimOws(element).isEmpty()) {
          if (only != null) {
            return Optional.empty();
          }
          only = element;
        }
      }
    }
    return only == null ? Optional.empty() : propagator.parseTraceparent(only);
  }

  /** What the SDK's own propagator makes of {@code traceparent}, as an oracle for the parser. */
  private static SpanContext sdkExtract(String traceparent) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("traceparent", List.of(traceparent));
    try {
      Context context =
          W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HeadersGetter.INSTANCE);
      return Span.fromContext(context).getSpanContext();
    } catch (ArrayIndexOutOfBoundsException e) {
      // opentelemetry-java#8797, unfixed in 1.63: an id holding U+FFFF overruns the SDK's hex lookup table. The
      // value is invalid all the same; any other cause of this exception would be a new finding.
      assertThat(traceparent).contains("\uffff");
      return SpanContext.getInvalid();
    }
  }

  private interface ValueSource {
    String next();
  }

  /** One value most of the time; sometimes none, a few, or the same small value 1000 times. */
  private List<String> values(ValueSource source) {
    int choice = random.nextInt(100);
    if (choice < 5) {
      return List.of();
    }
    if (choice < 7) {
      return Collections.nCopies(1000, random.nextBoolean() ? VALID_00 : source.next());
    }
    if (choice < 20) {
      List<String> values = new ArrayList<>();
      for (int i = random.nextInt(4) + 2; i > 0; i--) {
        values.add(source.next());
      }
      return values;
    }
    if (choice < 21) {
      return List.of(random.nextBoolean() ? ascii(HUGE) : binary(HUGE));
    }
    return List.of(source.next());
  }

  private String traceparentValue() {
    switch (random.nextInt(6)) {
      case 0:
        return VALID_00;
      case 1:
        return ows() + VALID_01 + ows();
      case 2:
        return mutate(VALID_00);
      case 3:
        return ascii(random.nextInt(70));
      case 4:
        return binary(random.nextInt(70));
      default:
        return random.nextBoolean() ? " , " + VALID_00 + " ," : VALID_00 + "," + mutate(VALID_01);
    }
  }

  private String listValue() {
    switch (random.nextInt(5)) {
      case 0:
        return "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
      case 1:
        return mutate("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,a@b=x");
      case 2:
        return ascii(random.nextInt(600));
      case 3:
        return binary(random.nextInt(100));
      default:
        return ",".repeat(random.nextInt(40)) + " \t";
    }
  }

  /** Replaces, deletes or inserts one character at a random position. */
  private String mutate(String value) {
    int position = random.nextInt(value.length() + 1);
    int kind = random.nextInt(3);
    if (kind == 0 && position < value.length()) {
      return value.substring(0, position) + interestingChar() + value.substring(position + 1);
    }
    if (kind == 1 && position < value.length()) {
      return value.substring(0, position) + value.substring(position + 1);
    }
    return value.substring(0, position) + interestingChar() + value.substring(position);
  }

  private char interestingChar() {
    int choice = random.nextInt(10);
    if (choice < 6) {
      return INTERESTING.charAt(random.nextInt(INTERESTING.length()));
    }
    if (choice < 9) {
      return (char) (0x20 + random.nextInt(0x5f));
    }
    return (char) random.nextInt(Character.MAX_VALUE + 1);
  }

  private String hexOrJunk(int length) {
    int choice = random.nextInt(20);
    if (choice == 0) {
      return "0".repeat(length);
    }
    if (choice == 1) {
      return hex(length - 1 + random.nextInt(3)); // off by one either way, or right
    }
    if (choice == 2) {
      String hex = hex(length);
      int position = random.nextInt(length);
      return hex.substring(0, position) + interestingChar() + hex.substring(position + 1);
    }
    return hex(length);
  }

  private String hex(int length) {
    StringBuilder hex = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      hex.append(HEX.charAt(random.nextInt(HEX.length())));
    }
    return hex.toString();
  }

  private String sep() {
    return random.nextInt(30) == 0 ? String.valueOf(interestingChar()) : "-";
  }

  private String suffix() {
    switch (random.nextInt(6)) {
      case 0:
        return "-" + ascii(random.nextInt(10));
      case 1:
        return ascii(1 + random.nextInt(3));
      default:
        return "";
    }
  }

  private String ows() {
    switch (random.nextInt(6)) {
      case 0:
        return " ";
      case 1:
        return "\t \t";
      default:
        return "";
    }
  }

  private String ascii(int length) {
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      value.append((char) random.nextInt(0x80));
    }
    return value.toString();
  }

  private String binary(int length) {
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      value.append((char) random.nextInt(Character.MAX_VALUE + 1));
    }
    return value.toString();
  }

  private static String trimOws(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
      end--;
    }
    return value.substring(start, end);
  }
}
