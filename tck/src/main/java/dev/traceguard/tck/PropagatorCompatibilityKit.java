package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.Propagator;
import dev.traceguard.api.TraceParent;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Holds a {@link Propagator} to W3C Trace Context (Level 1, and Level 2's random-trace-id flag and {@code
 * traceresponse} value format) and W3C Baggage, as written in the Recommendations.
 *
 * <p>The incoming cases are data, {@code trace-context-cases.tsv} in this package: each row gives request headers
 * and what must be extracted, with a case id and the specification section it checks; the file's header explains
 * the columns. Every extraction row is also injected back, and the outgoing {@code tracestate} must carry the same
 * members in the same order. The outgoing rules (version downgrade, a mutated {@code tracestate} member moved to
 * the left, flags of a continued trace, percent-encoding of baggage) are the kit's {@code @Test} methods, each named
 * by its case id.
 *
 * <p>The kit's carrier is a list of header lines in arrival order; its getter matches names case-insensitively and
 * returns every value of a repeated header through {@link TextMapGetter#getAll}, as an HTTP server's headers do.
 *
 * <p>Extend it in a test class and implement {@link #createPropagator()}; JUnit creates one instance per test.
 */
public abstract class PropagatorCompatibilityKit {

  static final String CASES = "trace-context-cases.tsv";
  private static final List<String> COLUMNS =
      List.of("id", "section", "request", "traceparent", "tracestate", "baggage");

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";
  private static final int FLAG_RANDOM = 0x02;
  private static final Pattern BAGGAGE_VALUE_OCTETS = Pattern.compile("([\\x21\\x23-\\x2b\\x2d-\\x3a\\x3c-\\x5b"
      + "\\x5d-\\x7e&&[^%]]|%[0-9A-Fa-f]{2})*");

  private Propagator propagator = Propagator.noop();

  /** For subclasses. */
  protected PropagatorCompatibilityKit() {}

  /**
   * Returns the propagator under test, configured for both W3C Trace Context and W3C Baggage. Called before each
   * test.
   *
   * @return a propagator, not null
   */
  protected abstract Propagator createPropagator();

  @BeforeEach
  void createPropagatorUnderTest() {
    propagator = createPropagator();
  }

  /** One header line of a request. */
  record Header(String name, String value) {}

  /** Reads {@code List<Header>} carriers: names case-insensitive, every value of a repeated header, in order. */
  enum HeadersGetter implements TextMapGetter<List<Header>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(List<Header> carrier) {
      return carrier.stream().map(Header::name).distinct().collect(Collectors.toList());
    }

    @Override
    public @Nullable String get(@Nullable List<Header> carrier, String key) {
      Iterator<String> values = getAll(carrier, key);
      return values.hasNext() ? values.next() : null;
    }

    @Override
    public Iterator<String> getAll(@Nullable List<Header> carrier, String key) {
      if (carrier == null) {
        return List.<String>of().iterator();
      }
      return carrier.stream().filter(h -> h.name().equalsIgnoreCase(key)).map(Header::value).iterator();
    }
  }

  @TestFactory
  Stream<DynamicTest> extract_w3cCase_asTheRecommendationSays() {
    return CaseFile.read(PropagatorCompatibilityKit.class, CASES, COLUMNS).stream()
        .map(row -> DynamicTest.dynamicTest(row.get(0) + " (" + row.get(1) + ")", () -> check(row)));
  }

  private void check(CaseFile.Row row) {
    String id = row.get(0);
    List<Header> request = headers(row.get(2));
    Optional<Header> traceresponse = request.stream().filter(h -> h.name().equals("traceresponse")).findFirst();
    if (traceresponse.isPresent()) {
      checkParsed(id, propagator.parseTraceparent(traceresponse.get().value()), row.get(3));
      return;
    }
    Context context = propagator.extract(Context.root(), request, HeadersGetter.INSTANCE);
    SpanContext spanContext = Span.fromContext(context).getSpanContext();
    checkTraceparent(id, spanContext, row.get(3));
    List<Header> traceparents = request.stream().filter(h -> h.name().equalsIgnoreCase("traceparent")).toList();
    if (traceparents.size() == 1 && traceparents.get(0).value().indexOf(',') < 0) {
      // One value alone: parsing it must agree with extracting it.
      checkParsed(id + " parseTraceparent", propagator.parseTraceparent(traceparents.get(0).value()), row.get(3));
    }
    checkTracestate(id, spanContext.getTraceState(), received(request, "tracestate"), row.get(4));
    checkOutgoingTracestate(id, context, spanContext.getTraceState());
    checkBaggage(id, Baggage.fromContext(context), received(request, "baggage"), row.get(5));
  }

  private static void checkTraceparent(String id, SpanContext spanContext, String expected) {
    if (expected.equals("-")) {
      return;
    }
    if (expected.equals("none")) {
      assertThat(spanContext.isValid()).as("%s: no span context may be extracted (restart)", id).isFalse();
      return;
    }
    String[] words = expected.split(" ");
    String[] ids = words[0].split("-");
    assertThat(spanContext.isValid()).as("%s: a valid span context", id).isTrue();
    assertThat(spanContext.isRemote()).as("%s: remote", id).isTrue();
    assertThat(spanContext.getTraceId()).as("%s: trace-id", id).isEqualTo(ids[0]);
    assertThat(spanContext.getSpanId()).as("%s: parent-id", id).isEqualTo(ids[1]);
    checkFlags(id, spanContext.getTraceFlags().asByte() & 0xff, words);
  }

  private static void checkParsed(String id, Optional<TraceParent> parsed, String expected) {
    if (expected.equals("-")) {
      return;
    }
    if (expected.equals("none")) {
      assertThat(parsed).as("%s: the value is invalid", id).isEmpty();
      return;
    }
    String[] words = expected.split(" ");
    String[] ids = words[0].split("-");
    assertThat(parsed).as("%s: the value is valid", id).isPresent();
    assertThat(parsed.get().traceId()).as("%s: trace-id", id).isEqualTo(ids[0]);
    assertThat(parsed.get().parentId()).as("%s: parent-id", id).isEqualTo(ids[1]);
    checkFlags(id, parsed.get().flags(), words);
  }

  private static void checkFlags(String id, int flags, String[] words) {
    for (String word : Arrays.asList(words).subList(1, words.length)) {
      switch (word) {
        case "sampled":
        case "unsampled":
          assertThat((flags & TraceParent.FLAG_SAMPLED) != 0).as("%s: sampled flag of %02x", id, flags)
              .isEqualTo(word.equals("sampled"));
          break;
        case "random":
        case "not-random":
          assertThat((flags & FLAG_RANDOM) != 0).as("%s: random-trace-id flag of %02x", id, flags)
              .isEqualTo(word.equals("random"));
          break;
        default:
          throw new IllegalStateException(CASES + ": " + id + ": unknown flag word '" + word + "'");
      }
    }
  }

  private static void checkTracestate(String id, TraceState traceState, List<String> received, String expected) {
    List<String> members = new ArrayList<>();
    traceState.forEach((key, value) -> members.add(key + "=" + value));
    String check = CaseFile.expand(expected);
    if (check.equals("-")) {
      return;
    }
    if (check.equals("empty")) {
      assertThat(members).as("%s: no tracestate member", id).isEmpty();
    } else if (check.startsWith("exact:")) {
      assertThat(members).as("%s: tracestate members in order", id)
          .containsExactlyElementsOf(Arrays.asList(check.substring("exact:".length()).split(",")));
    } else if (check.startsWith("lacks:")) {
      String key = check.substring("lacks:".length());
      assertThat(traceState.asMap()).as("%s: tracestate must not hold key '%s'", id, key).doesNotContainKey(key);
    } else if (check.equals("unique-keys")) {
      assertThat(members).extracting(m -> m.substring(0, m.indexOf('='))).as("%s: tracestate keys", id)
          .doesNotHaveDuplicates();
    } else if (check.startsWith("whole-at-most:")) {
      int most = Integer.parseInt(check.substring("whole-at-most:".length()));
      assertThat(members).as("%s: at most %d tracestate members", id, most).hasSizeLessThanOrEqualTo(most);
      assertThat(received).as("%s: whole tracestate members only", id).containsAll(members);
    } else {
      throw new IllegalStateException(CASES + ": " + id + ": unknown tracestate check '" + expected + "'");
    }
  }

  /** What was extracted goes out again unchanged: same members, same order (TC1#mutating-the-tracestate-field). */
  private void checkOutgoingTracestate(String id, Context context, TraceState traceState) {
    if (!Span.fromContext(context).getSpanContext().isValid() || traceState.isEmpty()) {
      return;
    }
    Map<String, String> outgoing = new LinkedHashMap<>();
    propagator.inject(context, outgoing, (carrier, key, value) -> carrier.put(key, value));
    List<String> members = new ArrayList<>();
    traceState.forEach((key, value) -> members.add(key + "=" + value));
    assertThat(members(outgoing.get("tracestate"))).as("%s: outgoing tracestate", id)
        .containsExactlyElementsOf(members);
  }

  private static void checkBaggage(String id, Baggage baggage, List<String> received, String expected) {
    Map<String, String> entries = new LinkedHashMap<>();
    baggage.forEach((key, entry) -> entries.put(key, entry.getValue()));
    String check = CaseFile.expand(expected);
    if (check.equals("-")) {
      return;
    }
    if (check.startsWith("entries:")) {
      assertThat(entries).as("%s: baggage entries", id)
          .containsExactlyInAnyOrderEntriesOf(pairs(Arrays.asList(check.substring("entries:".length()).split(","))));
    } else if (check.startsWith("lacks:")) {
      String key = check.substring("lacks:".length());
      assertThat(entries).as("%s: baggage must not hold key '%s'", id, key).doesNotContainKey(key);
    } else if (check.equals("all-received")) {
      assertThat(entries).as("%s: every baggage member, unchanged", id)
          .containsExactlyInAnyOrderEntriesOf(pairs(received));
    } else if (check.equals("whole")) {
      assertThat(pairs(received)).as("%s: whole baggage members only", id).containsAllEntriesOf(entries);
    } else {
      throw new IllegalStateException(CASES + ": " + id + ": unknown baggage check '" + expected + "'");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Outgoing headers

  @Test
  @DisplayName("inj-version-downgrade (TC1#versioning-of-traceparent): a higher version goes out as 00, fields only")
  void inject_higherVersionExtracted_writtenAsVersion00() {
    Map<String, String> outgoing = passThrough(List.of(
        new Header("traceparent", "cc-" + TRACE_ID + "-" + PARENT_ID + "-01-what-the-future")));

    assertThat(outgoing.get("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + PARENT_ID + "-01");
  }

  @Test
  @DisplayName("inj-tracestate-unchanged (TC1#mutating-the-tracestate-field): members go out as received, in order")
  void inject_extractedTracestate_sameMembersSameOrder() {
    Map<String, String> outgoing = passThrough(List.of(
        new Header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01"),
        new Header("tracestate", "rojo=00f067aa0ba902b7, congo=t61rcWkgMzE"),
        new Header("tracestate", "a@b=x")));

    assertThat(members(outgoing.get("tracestate")))
        .containsExactly("rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE", "a@b=x");
  }

  @Test
  @DisplayName("inj-tracestate-mutated-left (TC1#mutating-the-tracestate-field): an updated member goes out left-most")
  void inject_updatedTracestateMember_writtenLeftMost() {
    Context extracted = propagator.extract(Context.root(), List.of(
        new Header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01"),
        new Header("tracestate", "rojo=1,congo=2,a=3")), HeadersGetter.INSTANCE);
    SpanContext received = Span.fromContext(extracted).getSpanContext();
    // The mutated list is built explicitly: OpenTelemetry's TraceStateBuilder.put keeps an existing key where it
    // is, and puts a new key left of those already in the builder.
    List<String> unmodified = new ArrayList<>();
    received.getTraceState().forEach((key, value) -> unmodified.add(0, key + "=" + value));
    TraceStateBuilder mutated = TraceState.builder();
    unmodified.stream().filter(m -> !m.startsWith("congo=")).forEach(m -> mutated.put(m.substring(0,
        m.indexOf('=')), m.substring(m.indexOf('=') + 1)));
    SpanContext updated = SpanContext.create(received.getTraceId(), "b7ad6b7169203331", received.getTraceFlags(),
        mutated.put("congo", "9").build());
    Map<String, String> outgoing = new LinkedHashMap<>();

    propagator.inject(Context.root().with(Span.wrap(updated)), outgoing, (carrier, key, value) -> carrier.put(key,
        value));

    assertThat(outgoing.get("traceparent")).isEqualTo("00-" + TRACE_ID + "-b7ad6b7169203331-01");
    assertThat(members(outgoing.get("tracestate"))).containsExactly("congo=9", "rojo=1", "a=3");
  }

  @Test
  @DisplayName("inj-nothing (TC1#no-traceparent-received): no span context and no baggage write no header")
  void inject_emptyContext_writesNothing() {
    Map<String, String> outgoing = new LinkedHashMap<>();

    propagator.inject(Context.root(), outgoing, (carrier, key, value) -> carrier.put(key, value));
    propagator.inject(Context.root().with(Span.getInvalid()), outgoing, (carrier, key, value) -> carrier.put(key,
        value));

    assertThat(outgoing).isEmpty();
  }

  @Test
  @DisplayName("inj-continued-other-flags (TC1#other-flags): a continued trace sends unknown flag bits as zero")
  void inject_childOfParentWithUnknownFlags_unknownBitsZero() {
    String traceparent = continueTrace("00-" + TRACE_ID + "-" + PARENT_ID + "-fd");

    assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").doesNotContain(PARENT_ID);
    int flags = Integer.parseInt(traceparent.substring(53), 16);
    assertThat(flags & ~(TraceParent.FLAG_SAMPLED | FLAG_RANDOM)).as("unknown bits of %02x", flags).isZero();
    assertThat(flags & TraceParent.FLAG_SAMPLED).as("sampled bit of %02x", flags).isEqualTo(1);
  }

  @Test
  @DisplayName("inj-continued-random (TC2#random-trace-id-flag): a continued trace keeps the random-trace-id flag")
  void inject_childOfRandomParent_randomFlagKept() {
    String traceparent = continueTrace("00-" + TRACE_ID + "-" + PARENT_ID + "-03");

    int flags = Integer.parseInt(traceparent.substring(53), 16);
    assertThat(flags & FLAG_RANDOM).as("random-trace-id bit of %02x", flags).isEqualTo(FLAG_RANDOM);
  }

  @Test
  @DisplayName("inj-continued-unsampled (TC1#sampled-flag): a child of an unsampled parent goes out unsampled")
  void inject_childOfUnsampledParent_unsampled() {
    String traceparent = continueTrace("00-" + TRACE_ID + "-" + PARENT_ID + "-00");

    assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").endsWith("-00").doesNotContain(PARENT_ID);
  }

  @Test
  @DisplayName("bg-inject-percent-encoding (BAGGAGE#value): values outside baggage-octet and % are percent-encoded")
  void inject_baggageWithSpecialCharacters_percentEncodedAndRoundTrips() {
    Baggage baggage = Baggage.builder().put("userId", "Am\u00e9lie").put("serverNode", "DF 28").put("rate", "100%")
        .put("list", "a,b;c").build();
    Map<String, String> outgoing = new LinkedHashMap<>();

    propagator.inject(Context.root().with(baggage), outgoing, (carrier, key, value) -> carrier.put(key, value));

    String header = outgoing.get("baggage");
    assertThat(header).isNotNull();
    for (String member : members(header)) {
      String value = member.substring(member.indexOf('=') + 1);
      assertThat(value).as("encoded value of %s", member).matches(BAGGAGE_VALUE_OCTETS);
    }
    Context back = propagator.extract(Context.root(), List.of(new Header("baggage", header)), HeadersGetter.INSTANCE);
    assertThat(Baggage.fromContext(back).asMap().keySet()).containsExactlyInAnyOrder("userId", "serverNode", "rate",
        "list");
    assertThat(Baggage.fromContext(back).getEntryValue("userId")).isEqualTo("Am\u00e9lie");
    assertThat(Baggage.fromContext(back).getEntryValue("serverNode")).isEqualTo("DF 28");
    assertThat(Baggage.fromContext(back).getEntryValue("rate")).isEqualTo("100%");
    assertThat(Baggage.fromContext(back).getEntryValue("list")).isEqualTo("a,b;c");
  }

  @Test
  @DisplayName("api-null-carrier (Propagator): a null carrier extracts nothing and injects nothing")
  void extractAndInject_nullCarrier_noEffect() {
    Context input = Context.root().with(Baggage.builder().put("k", "v").build());

    assertThat(propagator.extract(input, null, HeadersGetter.INSTANCE)).isSameAs(input);
    propagator.inject(input, null, (carrier, key, value) -> {
      throw new AssertionError("setter called with a null carrier for " + key);
    });
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Extracts {@code request} and injects the very context extracted, as a pass-through service would. */
  private Map<String, String> passThrough(List<Header> request) {
    Context context = propagator.extract(Context.root(), request, HeadersGetter.INSTANCE);
    Map<String, String> outgoing = new LinkedHashMap<>();
    propagator.inject(context, outgoing, (carrier, key, value) -> carrier.put(key, value));
    return outgoing;
  }

  /** Extracts the traceparent, starts a child span with an SDK tracer (parent-based sampling) and injects it. */
  private String continueTrace(String traceparent) {
    Context context = propagator.extract(Context.root(), List.of(new Header("traceparent", traceparent)),
        HeadersGetter.INSTANCE);
    try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
      Span child = provider.get("dev.traceguard.tck").spanBuilder("child").setParent(context).startSpan();
      Map<String, String> outgoing = new LinkedHashMap<>();
      propagator.inject(context.with(child), outgoing, (carrier, key, value) -> carrier.put(key, value));
      child.end();
      String written = outgoing.get("traceparent");
      assertThat(written).as("traceparent of the continued trace").isNotNull();
      return written;
    }
  }

  private static List<Header> headers(String request) {
    List<Header> headers = new ArrayList<>();
    if (request.isEmpty()) {
      return headers;
    }
    for (String line : request.split("\n", -1)) {
      int colon = line.indexOf(": ");
      if (colon < 0) {
        throw new IllegalStateException(CASES + ": header line without ': ' in '" + line + "'");
      }
      headers.add(new Header(line.substring(0, colon), CaseFile.expand(line.substring(colon + 2))));
    }
    return headers;
  }

  /** The trimmed, non-empty comma-separated members of every value of header {@code name}. */
  private static List<String> received(List<Header> request, String name) {
    return request.stream().filter(h -> h.name().equalsIgnoreCase(name))
        .flatMap(h -> members(h.value()).stream()).collect(Collectors.toList());
  }

  private static List<String> members(@Nullable String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(PropagatorCompatibilityKit::trimOws).filter(m -> !m.isEmpty())
        .collect(Collectors.toList());
  }

  private static String trimOws(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
      end--;
    }
    return text.substring(start, end);
  }

  /** Splits {@code key=value} members at the first {@code =}, trimming optional white space on both sides. */
  private static Map<String, String> pairs(List<String> members) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String member : members) {
      int equals = member.indexOf('=');
      pairs.put(trimOws(member.substring(0, equals)), trimOws(member.substring(equals + 1)));
    }
    return pairs;
  }
}
