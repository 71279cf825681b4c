package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.traceguard.api.TraceParent;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class W3CPropagatorTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";
  private static final String SAMPLED = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";
  private static final String UNSAMPLED = "00-" + TRACE_ID + "-" + PARENT_ID + "-00";
  private static final String OTHER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final ContextKey<String> MARKER = ContextKey.named("marker");

  private final W3CPropagator propagator = W3CPropagator.create(List.of("tracecontext", "baggage"));

  /** Looks header names up case-insensitively, as HTTP does, and returns every value of every matching name. */
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

  /** Implements only {@code get}, so the SDK's default {@code getAll} is used. */
  enum FirstValueGetter implements TextMapGetter<Map<String, List<String>>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, List<String>> carrier) {
      return carrier.keySet();
    }

    @Override
    public @Nullable String get(@Nullable Map<String, List<String>> carrier, String key) {
      List<String> values = carrier == null ? null : carrier.get(key);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  enum MapSetter implements TextMapSetter<Map<String, String>> {
    INSTANCE;

    @Override
    public void set(@Nullable Map<String, String> carrier, String key, String value) {
      if (carrier != null) {
        carrier.put(key, value);
      }
    }
  }

  private static Map<String, List<String>> headers(String... namesAndValues) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return headers;
  }

  private Context extract(Map<String, List<String>> headers) {
    return propagator.extract(Context.root(), headers, HeadersGetter.INSTANCE);
  }

  private static SpanContext spanContext(Context context) {
    return Span.fromContext(context).getSpanContext();
  }

  private static List<String> traceStateEntries(Context context) {
    List<String> entries = new ArrayList<>();
    spanContext(context).getTraceState().forEach((key, value) -> entries.add(key + "=" + value));
    return entries;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // parseTraceparent

  static Stream<Arguments> validTraceparents() {
    return Stream.of(
        Arguments.of("version 00 sampled", SAMPLED, new TraceParent(0, TRACE_ID, PARENT_ID, 1)),
        Arguments.of("version 00 unsampled", UNSAMPLED, new TraceParent(0, TRACE_ID, PARENT_ID, 0)),
        Arguments.of("version 00 keeps all flag bits",
            "00-" + TRACE_ID + "-" + PARENT_ID + "-ff", new TraceParent(0, TRACE_ID, PARENT_ID, 0xff)),
        Arguments.of("version 00 random-trace-id flag",
            "00-" + TRACE_ID + "-" + PARENT_ID + "-03", new TraceParent(0, TRACE_ID, PARENT_ID, 0x03)),
        Arguments.of("smallest ids", "00-00000000000000000000000000000001-0000000000000001-00",
            new TraceParent(0, "00000000000000000000000000000001", "0000000000000001", 0)),
        Arguments.of("leading and trailing spaces", "  " + SAMPLED + "  ", new TraceParent(0, TRACE_ID, PARENT_ID, 1)),
        Arguments.of("leading and trailing tabs", "\t" + SAMPLED + "\t\t", new TraceParent(0, TRACE_ID, PARENT_ID, 1)),
        Arguments.of("mixed spaces and tabs", " \t " + SAMPLED + "\t ", new TraceParent(0, TRACE_ID, PARENT_ID, 1)),
        Arguments.of("version 01, 55 characters", "01-" + TRACE_ID + "-" + PARENT_ID + "-01",
            new TraceParent(1, TRACE_ID, PARENT_ID, 1)),
        Arguments.of("version 01 with -suffix", "01-" + TRACE_ID + "-" + PARENT_ID + "-01-suffix",
            new TraceParent(1, TRACE_ID, PARENT_ID, 1)),
        Arguments.of("version 01 with dash and nothing after", "01-" + TRACE_ID + "-" + PARENT_ID + "-00-",
            new TraceParent(1, TRACE_ID, PARENT_ID, 0)),
        Arguments.of("version fe with extra fields", "fe-" + TRACE_ID + "-" + PARENT_ID + "-09-what-the-future-0Z",
            new TraceParent(254, TRACE_ID, PARENT_ID, 9)),
        Arguments.of("version cc with suffix and trailing tab", "cc-" + TRACE_ID + "-" + PARENT_ID + "-01-x\t",
            new TraceParent(0xcc, TRACE_ID, PARENT_ID, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validTraceparents")
  void parseTraceparent_validValue_returnsItsFields(String description, String header, TraceParent expected) {
    assertThat(propagator.parseTraceparent(header)).contains(expected);
  }

  static Stream<Arguments> invalidTraceparents() {
    String tail = TRACE_ID + "-" + PARENT_ID + "-01";
    return Stream.of(
        Arguments.of("null", null),
        Arguments.of("empty", ""),
        Arguments.of("blank", " \t "),
        Arguments.of("uppercase trace id", "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + PARENT_ID + "-01"),
        Arguments.of("one uppercase digit in trace id", "00-4bf92f3577b34da6a3ce929d0e0e473A-" + PARENT_ID + "-01"),
        Arguments.of("uppercase parent id", "00-" + TRACE_ID + "-00F067AA0BA902B7-01"),
        Arguments.of("uppercase flags", "00-" + TRACE_ID + "-" + PARENT_ID + "-0A"),
        Arguments.of("uppercase version", "0A-" + tail),
        Arguments.of("all-zero trace id", "00-00000000000000000000000000000000-" + PARENT_ID + "-01"),
        Arguments.of("all-zero parent id", "00-" + TRACE_ID + "-0000000000000000-01"),
        Arguments.of("version ff", "ff-" + tail),
        Arguments.of("version ff with suffix", "ff-" + tail + "-suffix"),
        Arguments.of("trace id 31 characters", "00-" + TRACE_ID.substring(1) + "-" + PARENT_ID + "-01"),
        Arguments.of("trace id 33 characters", "00-" + TRACE_ID + "a-" + PARENT_ID + "-01"),
        Arguments.of("parent id 15 characters", "00-" + TRACE_ID + "-" + PARENT_ID.substring(1) + "-01"),
        Arguments.of("parent id 17 characters", "00-" + TRACE_ID + "-" + PARENT_ID + "a-01"),
        Arguments.of("flags 1 character", "00-" + TRACE_ID + "-" + PARENT_ID + "-1"),
        Arguments.of("flags 3 characters", "00-" + TRACE_ID + "-" + PARENT_ID + "-011"),
        Arguments.of("version 1 character", "0-" + tail),
        Arguments.of("version 3 characters", "000-" + tail),
        Arguments.of("version 00 with -suffix", "00-" + tail + "-suffix"),
        Arguments.of("version 00 with trailing dash", "00-" + tail + "-"),
        Arguments.of("version 01 with extra data without dash", "01-" + tail + "x"),
        Arguments.of("version 01 with extra hex digit", "01-" + tail + "0"),
        Arguments.of("version 01 with extra data after space", "01-" + tail + " x"),
        Arguments.of("version 01 too short", "01-" + TRACE_ID + "-" + PARENT_ID + "-1"),
        Arguments.of("non-hex in version", "0g-" + tail),
        Arguments.of("non-hex in trace id", "00-4bf92f3577b34da6a3ce929d0e0e473g-" + PARENT_ID + "-01"),
        Arguments.of("non-hex in parent id", "00-" + TRACE_ID + "-00f067aa0ba902bz-01"),
        Arguments.of("non-hex in flags", "00-" + TRACE_ID + "-" + PARENT_ID + "-0x"),
        Arguments.of("non-ASCII digit in trace id", "00-4bf92f3577b34da6a3ce929d0e0e473\u0661-" + PARENT_ID + "-01"),
        Arguments.of("underscores for dashes", "00_" + TRACE_ID + "_" + PARENT_ID + "_01"),
        Arguments.of("missing first dash", "00" + TRACE_ID + "-" + PARENT_ID + "-01x"),
        Arguments.of("newline is not optional white space", "\n" + SAMPLED),
        Arguments.of("space inside", "00- " + TRACE_ID.substring(1) + "-" + PARENT_ID + "-01"),
        Arguments.of("two values folded", SAMPLED + "," + OTHER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTraceparents")
  void parseTraceparent_invalidValue_returnsEmpty(String description, @Nullable String header) {
    assertThat(propagator.parseTraceparent(header)).isEmpty();
  }

  @Test
  void parseTraceparent_emptyFormats_stillParses() {
    W3CPropagator none = W3CPropagator.create(List.of());

    assertThat(none.parseTraceparent(SAMPLED)).contains(new TraceParent(0, TRACE_ID, PARENT_ID, 1));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // extract: traceparent

  @Test
  void extract_sampledTraceparent_remoteSampledSpanContext() {
    SpanContext spanContext = spanContext(extract(headers("traceparent", SAMPLED)));

    assertThat(spanContext.isValid()).isTrue();
    assertThat(spanContext.isRemote()).isTrue();
    assertThat(spanContext.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(spanContext.getSpanId()).isEqualTo(PARENT_ID);
    assertThat(spanContext.isSampled()).isTrue();
    assertThat(spanContext.getTraceFlags()).isEqualTo(TraceFlags.getSampled());
    assertThat(spanContext.getTraceState().isEmpty()).isTrue();
  }

  @Test
  void extract_unsampledTraceparent_notSampled() {
    SpanContext spanContext = spanContext(extract(headers("traceparent", UNSAMPLED)));

    assertThat(spanContext.isValid()).isTrue();
    assertThat(spanContext.isSampled()).isFalse();
    assertThat(spanContext.getTraceFlags()).isEqualTo(TraceFlags.getDefault());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TraceParent", "TRACEPARENT", "traceParent"})
  void extract_headerNameInAnyCase_found(String name) {
    SpanContext spanContext = spanContext(extract(headers(name, SAMPLED, "TraceState", "rojo=1")));

    assertThat(spanContext.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(spanContext.getSpanId()).isEqualTo(PARENT_ID);
    assertThat(spanContext.getTraceState().asMap()).containsExactly(entry("rojo", "1"));
  }

  @Test
  void extract_traceparentWithSpacesAndTabs_extracted() {
    SpanContext spanContext = spanContext(extract(headers("traceparent", " \t" + SAMPLED + "\t ")));

    assertThat(spanContext.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(spanContext.getSpanId()).isEqualTo(PARENT_ID);
  }

  @Test
  void extract_higherVersionWithExtraFields_extracted() {
    SpanContext spanContext =
        spanContext(extract(headers("traceparent", "01-" + TRACE_ID + "-" + PARENT_ID + "-01-future")));

    assertThat(spanContext.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(spanContext.getSpanId()).isEqualTo(PARENT_ID);
    assertThat(spanContext.isSampled()).isTrue();
  }

  @Test
  void extract_flagsWithUndefinedBits_keptAsReceived() {
    SpanContext spanContext = spanContext(extract(headers("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-ff")));

    assertThat(spanContext.getTraceFlags().asByte()).isEqualTo((byte) 0xff);
  }

  @Test
  void extract_duplicateTraceparentHeaders_restartsButKeepsBaggage() {
    Context context = extract(headers("traceparent", SAMPLED, "traceparent", OTHER, "baggage", "user=alice"));

    assertThat(spanContext(context).isValid()).isFalse();
    assertThat(Baggage.fromContext(context).getEntryValue("user")).isEqualTo("alice");
  }

  @Test
  void extract_identicalDuplicateTraceparentHeaders_restarts() {
    Context context = extract(headers("traceparent", SAMPLED, "traceparent", SAMPLED));

    assertThat(spanContext(context).isValid()).isFalse();
  }

  @Test
  void extract_traceparentUnderTwoNameCases_restarts() {
    Context context = extract(headers("traceparent", SAMPLED, "Traceparent", OTHER, "baggage", "user=alice"));

    assertThat(spanContext(context).isValid()).isFalse();
    assertThat(Baggage.fromContext(context).getEntryValue("user")).isEqualTo("alice");
  }

  @Test
  void extract_commaFoldedTraceparents_restarts() {
    Context context = extract(headers("traceparent", SAMPLED + ", " + OTHER, "baggage", "user=alice"));

    assertThat(spanContext(context).isValid()).isFalse();
    assertThat(Baggage.fromContext(context).getEntryValue("user")).isEqualTo("alice");
  }

  @Test
  void extract_duplicateWithOneInvalid_restarts() {
    Context context = extract(headers("traceparent", SAMPLED, "traceparent", "garbage"));

    assertThat(spanContext(context).isValid()).isFalse();
  }

  @Test
  void extract_emptyListElementsAroundOneTraceparent_extracted() {
    SpanContext spanContext =
        spanContext(extract(headers("traceparent", " , " + SAMPLED + " ,", "traceparent", "\t")));

    assertThat(spanContext.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(spanContext.getSpanId()).isEqualTo(PARENT_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "garbage", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-suffix"})
  void extract_invalidTraceparent_noSpanContextButBaggage(String traceparent) {
    Context context = extract(headers("traceparent", traceparent, "tracestate", "rojo=1", "baggage", "user=alice"));

    assertThat(spanContext(context).isValid()).isFalse();
    assertThat(Baggage.fromContext(context).getEntryValue("user")).isEqualTo("alice");
  }

  @Test
  void extract_invalidTraceparent_keepsSpanOfInputContext() {
    SpanContext local = SpanContext.create(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    Context input = Context.root().with(Span.wrap(local));

    Context context = propagator.extract(input, headers("traceparent", "garbage"), HeadersGetter.INSTANCE);

    assertThat(context).isSameAs(input);
  }

  @Test
  void extract_traceparentWithCharacterFfff_noSpanContextButBaggage() {
    // The SDK propagator throws on this value (opentelemetry-java#8797, unfixed in 1.63), which would lose the
    // baggage too; it must only ever see a traceparent this class has checked.
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e473\uffff-" + PARENT_ID + "-01";

    Context context = extract(headers("traceparent", traceparent, "baggage", "user=alice"));

    assertThat(spanContext(context).isValid()).isFalse();
    assertThat(Baggage.fromContext(context).getEntryValue("user")).isEqualTo("alice");
  }

  @Test
  void extract_getterWithoutGetAll_usesDefaultGetAll() {
    Context context = propagator.extract(Context.root(),
        headers("traceparent", SAMPLED, "tracestate", "rojo=1", "baggage", "user=alice"), FirstValueGetter.INSTANCE);

    assertThat(spanContext(context).getTraceId()).isEqualTo(TRACE_ID);
    assertThat(traceStateEntries(context)).containsExactly("rojo=1");
    assertThat(Baggage.fromContext(context).getEntryValue("user")).isEqualTo("alice");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // extract: tracestate and baggage

  @Test
  void extract_tracestateInTwoHeaders_combinedInOrder() {
    Context context = extract(headers(
        "traceparent", SAMPLED, "tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", "tracestate", "a@b=x"));

    assertThat(traceStateEntries(context)).containsExactly("rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE", "a@b=x");
  }

  @Test
  void extract_tracestateHeadersUnderTwoNameCases_combinedInOrder() {
    Context context = extract(headers("traceparent", SAMPLED, "tracestate", "rojo=1", "TraceState", "congo=2"));

    assertThat(traceStateEntries(context)).containsExactly("rojo=1", "congo=2");
  }

  @Test
  void extract_tracestateWithEmptyAndBlankMembers_theyAreIgnored() {
    Context context = extract(headers(
        "traceparent", SAMPLED, "tracestate", ",rojo=1 , ,", "tracestate", "", "tracestate", " \t,congo=2\t"));

    assertThat(traceStateEntries(context)).containsExactly("rojo=1", "congo=2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo@", "foo@@bar", "foo@bar@baz", "t@vvvvvvvvvvvvvvv", "0tenant@system"})
  void extract_tracestateKeyWithAtSignsTheLevel1GrammarRejected_kept(String key) {
    Context context = extract(headers("traceparent", SAMPLED, "tracestate", key + "=1,bar=2"));

    assertThat(traceStateEntries(context)).containsExactly(key + "=1", "bar=2");
  }

  @Test
  void extract_tracestateKeysOf256Characters_keptWithOrWithoutAtSign() {
    String plain = "z".repeat(256);
    String tenant = "t".repeat(242) + "@v";
    Context context = extract(headers(
        "traceparent", SAMPLED, "tracestate", "foo=1", "tracestate", plain + "=1", "tracestate", tenant + "=2"));

    assertThat(traceStateEntries(context)).containsExactly("foo=1", plain + "=1", tenant + "=2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"@foo=1", "Foo=1", "_foo=1", "foo.bar=1", "foo=bar=baz", "foo", "=1", "foo=",
      "foo=tab\tinside", "foo=caf\u00e9"})
  void extract_oneMalformedTracestateMember_wholeListDiscardedSpanContextKept(String member) {
    Context context = extract(headers("traceparent", SAMPLED, "tracestate", member + ",bar=2"));

    assertThat(spanContext(context).getTraceId()).isEqualTo(TRACE_ID);
    assertThat(spanContext(context).getTraceState().isEmpty()).isTrue();
  }

  @Test
  void extract_tracestateKeyOf257Characters_wholeListDiscarded() {
    Context context = extract(headers(
        "traceparent", SAMPLED, "tracestate", "foo=1", "tracestate", "z".repeat(257) + "=1"));

    assertThat(spanContext(context).getTraceState().isEmpty()).isTrue();
  }

  @Test
  void extract_tracestateWithRepeatedKey_firstValueKeptInItsPlace() {
    Context context = extract(headers("traceparent", SAMPLED, "tracestate", "foo=1,bar=2,foo=3", "tracestate", "bar=4"));

    assertThat(traceStateEntries(context)).containsExactly("foo=1", "bar=2");
  }

  @Test
  void extract_tracestateWithTheLevel1Grammar_sameTraceStateAsTheApiBuilds() {
    Context context = extract(headers("traceparent", SAMPLED, "tracestate", "rojo=1,tenant@congo=2"));

    assertThat(spanContext(context).getTraceState())
        .isEqualTo(TraceState.builder().put("tenant@congo", "2").put("rojo", "1").build());
  }

  @Test
  void injectThenExtract_tracestateWithRelaxedKey_roundTrips() {
    Context extracted = extract(headers("traceparent", SAMPLED, "tracestate", "foo@=1,bar=2"));
    Map<String, String> injected = new HashMap<>();

    propagator.inject(extracted, injected, MapSetter.INSTANCE);

    assertThat(injected).containsEntry("tracestate", "foo@=1,bar=2");
  }

  @Test
  void extract_tracestateValueWithLeadingSpace_spaceKept() {
    Context context = extract(headers("traceparent", SAMPLED, "tracestate", "rojo= x"));

    assertThat(spanContext(context).getTraceState().get("rojo")).isEqualTo(" x");
  }

  @Test
  void extract_thirtyTwoTracestateMembersOverTwoHeaders_allKept() {
    String first = IntStream.range(0, 16).mapToObj(i -> "k" + i + "=" + i).collect(Collectors.joining(","));
    String second = IntStream.range(16, 32).mapToObj(i -> "k" + i + "=" + i).collect(Collectors.joining(","));

    Context context = extract(headers("traceparent", SAMPLED, "tracestate", first, "tracestate", second));

    assertThat(spanContext(context).getTraceState().size()).isEqualTo(32);
    assertThat(traceStateEntries(context).get(0)).isEqualTo("k0=0");
    assertThat(traceStateEntries(context).get(31)).isEqualTo("k31=31");
  }

  @Test
  void extract_thirtyThreeTracestateMembers_tracestateDroppedSpanContextKept() {
    String first = IntStream.range(0, 16).mapToObj(i -> "k" + i + "=" + i).collect(Collectors.joining(","));
    String second = IntStream.range(16, 33).mapToObj(i -> "k" + i + "=" + i).collect(Collectors.joining(","));

    Context context = extract(headers("traceparent", SAMPLED, "tracestate", first, "tracestate", second));

    assertThat(spanContext(context).getTraceId()).isEqualTo(TRACE_ID);
    assertThat(spanContext(context).getTraceState().isEmpty()).isTrue();
  }

  @Test
  void extract_tracestateMemberTooLong_tracestateDroppedSpanContextKept() {
    Context context = extract(headers("traceparent", SAMPLED, "tracestate", "rojo=1", "tracestate",
        "congo=" + "x".repeat(600)));

    assertThat(spanContext(context).getTraceId()).isEqualTo(TRACE_ID);
    assertThat(spanContext(context).getTraceState().isEmpty()).isTrue();
  }

  @Test
  void extract_tracestateWithoutTraceparent_noSpanContext() {
    Context context = extract(headers("tracestate", "rojo=1"));

    assertThat(spanContext(context).isValid()).isFalse();
    assertThat(context).isSameAs(Context.root());
  }

  @Test
  void extract_repeatedBaggageHeaders_allEntriesKept() {
    Context context = extract(headers("baggage", "user=alice", "Baggage", "tenant=acme"));

    assertThat(Baggage.fromContext(context).asMap()).hasSize(2);
    assertThat(Baggage.fromContext(context).getEntryValue("user")).isEqualTo("alice");
    assertThat(Baggage.fromContext(context).getEntryValue("tenant")).isEqualTo("acme");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // extract: formats, null carrier, failures

  @Test
  void extract_emptyFormats_returnsInputContext() {
    W3CPropagator none = W3CPropagator.create(List.of());
    Context input = Context.root().with(MARKER, "input");

    Context context = none.extract(input, headers("traceparent", SAMPLED, "baggage", "user=alice"),
        HeadersGetter.INSTANCE);

    assertThat(context).isSameAs(input);
  }

  @Test
  void extract_baggageOnly_ignoresTraceparent() {
    W3CPropagator baggageOnly = W3CPropagator.create(List.of("baggage"));

    Context context = baggageOnly.extract(Context.root(), headers("traceparent", SAMPLED, "baggage", "user=alice"),
        HeadersGetter.INSTANCE);

    assertThat(spanContext(context).isValid()).isFalse();
    assertThat(Baggage.fromContext(context).getEntryValue("user")).isEqualTo("alice");
  }

  @Test
  void extract_traceContextOnly_ignoresBaggage() {
    W3CPropagator traceContextOnly = W3CPropagator.create(List.of("tracecontext"));

    Context context = traceContextOnly.extract(Context.root(),
        headers("traceparent", SAMPLED, "baggage", "user=alice"), HeadersGetter.INSTANCE);

    assertThat(spanContext(context).getTraceId()).isEqualTo(TRACE_ID);
    assertThat(Baggage.fromContext(context).isEmpty()).isTrue();
  }

  @Test
  void extract_nullCarrier_returnsInputContext() {
    Context input = Context.root().with(MARKER, "input");

    assertThat(propagator.extract(input, null, HeadersGetter.INSTANCE)).isSameAs(input);
  }

  @Test
  void extract_noHeaders_returnsInputContext() {
    Context input = Context.root().with(MARKER, "input");

    assertThat(propagator.extract(input, headers(), HeadersGetter.INSTANCE)).isSameAs(input);
  }

  @Test
  void extract_getterThrows_returnsInputContext() {
    Context input = Context.root().with(MARKER, "input");
    TextMapGetter<Map<String, List<String>>> throwing = new TextMapGetter<>() {
      @Override
      public Iterable<String> keys(Map<String, List<String>> carrier) {
        throw new IllegalStateException("keys");
      }

      @Override
      public @Nullable String get(@Nullable Map<String, List<String>> carrier, String key) {
        throw new IllegalStateException("get " + key);
      }
    };

    assertThat(propagator.extract(input, headers("traceparent", SAMPLED), throwing)).isSameAs(input);
  }

  @Test
  void extract_getterOverflowsStack_returnsInputContext() {
    Context input = Context.root().with(MARKER, "input");
    TextMapGetter<Map<String, List<String>>> overflowing = new TextMapGetter<>() {
      @Override
      public Iterable<String> keys(Map<String, List<String>> carrier) {
        return carrier.keySet();
      }

      @Override
      public @Nullable String get(@Nullable Map<String, List<String>> carrier, String key) {
        throw new StackOverflowError("test");
      }
    };

    assertThat(propagator.extract(input, headers("traceparent", SAMPLED), overflowing)).isSameAs(input);
  }

  @Test
  void extract_getterRunsOutOfMemory_rethrowsSameError() {
    OutOfMemoryError error = new OutOfMemoryError("test");
    TextMapGetter<Map<String, List<String>>> failing = new TextMapGetter<>() {
      @Override
      public Iterable<String> keys(Map<String, List<String>> carrier) {
        return carrier.keySet();
      }

      @Override
      public @Nullable String get(@Nullable Map<String, List<String>> carrier, String key) {
        throw error;
      }
    };

    assertThatThrownBy(() -> propagator.extract(Context.root(), headers("traceparent", SAMPLED), failing))
        .isSameAs(error);
  }

  @Test
  void extract_getAllReturnsNullOrNullValues_treatedAsAbsent() {
    TextMapGetter<Map<String, List<String>>> sloppy = new TextMapGetter<>() {
      @Override
      public Iterable<String> keys(Map<String, List<String>> carrier) {
        return carrier.keySet();
      }

      @Override
      public @Nullable String get(@Nullable Map<String, List<String>> carrier, String key) {
        return null;
      }

      @Override
      public Iterator<String> getAll(@Nullable Map<String, List<String>> carrier, String key) {
        return "traceparent".equals(key) ? Arrays.asList(null, SAMPLED, null).iterator() : null;
      }
    };

    Context context = propagator.extract(Context.root(), headers(), sloppy);

    assertThat(spanContext(context).getTraceId()).isEqualTo(TRACE_ID);
    assertThat(spanContext(context).getTraceState().isEmpty()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // inject

  @Test
  void inject_spanContextWithTracestateAndBaggage_writesAllThreeHeaders() {
    SpanContext spanContext = SpanContext.create(TRACE_ID, PARENT_ID, TraceFlags.getSampled(),
        TraceState.builder().put("congo", "t61rcWkgMzE").put("rojo", "00f067aa0ba902b7").build());
    Context context = Context.root().with(Span.wrap(spanContext))
        .with(Baggage.builder().put("user", "alice").build());
    Map<String, String> carrier = new HashMap<>();

    propagator.inject(context, carrier, MapSetter.INSTANCE);

    assertThat(carrier).containsOnly(
        entry("traceparent", SAMPLED),
        entry("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
        entry("baggage", "user=alice"));
  }

  @Test
  void inject_unsampledSpanWithoutTracestate_writesTraceparentOnly() {
    SpanContext spanContext = SpanContext.create(TRACE_ID, PARENT_ID, TraceFlags.getDefault(), TraceState.getDefault());
    Map<String, String> carrier = new HashMap<>();

    propagator.inject(Context.root().with(Span.wrap(spanContext)), carrier, MapSetter.INSTANCE);

    assertThat(carrier).containsOnly(entry("traceparent", UNSAMPLED));
  }

  @Test
  void inject_noSpanNoBaggage_writesNothing() {
    Map<String, String> carrier = new HashMap<>();

    propagator.inject(Context.root(), carrier, MapSetter.INSTANCE);

    assertThat(carrier).isEmpty();
  }

  @Test
  void inject_formatsOrder_headersWrittenInThatOrder() {
    W3CPropagator baggageFirst = W3CPropagator.create(List.of("baggage", "tracecontext"));
    SpanContext spanContext = SpanContext.create(TRACE_ID, PARENT_ID, TraceFlags.getSampled(), TraceState.getDefault());
    Context context = Context.root().with(Span.wrap(spanContext)).with(Baggage.builder().put("k", "v").build());
    Map<String, String> carrier = new LinkedHashMap<>();

    baggageFirst.inject(context, carrier, MapSetter.INSTANCE);

    assertThat(carrier.keySet()).containsExactly("baggage", "traceparent");
  }

  @Test
  void inject_emptyFormats_writesNothing() {
    W3CPropagator none = W3CPropagator.create(List.of());
    SpanContext spanContext = SpanContext.create(TRACE_ID, PARENT_ID, TraceFlags.getSampled(), TraceState.getDefault());
    Context context = Context.root().with(Span.wrap(spanContext)).with(Baggage.builder().put("k", "v").build());
    Map<String, String> carrier = new HashMap<>();

    none.inject(context, carrier, MapSetter.INSTANCE);

    assertThat(carrier).isEmpty();
  }

  @Test
  void inject_nullCarrier_setterNeverCalled() {
    SpanContext spanContext = SpanContext.create(TRACE_ID, PARENT_ID, TraceFlags.getSampled(), TraceState.getDefault());
    List<String> calls = new ArrayList<>();

    propagator.inject(Context.root().with(Span.wrap(spanContext)), null,
        (Map<String, String> carrier, String key, String value) -> calls.add(key));

    assertThat(calls).isEmpty();
  }

  @Test
  void inject_setterThrows_returnsNormally() {
    SpanContext spanContext = SpanContext.create(TRACE_ID, PARENT_ID, TraceFlags.getSampled(), TraceState.getDefault());
    List<String> calls = new ArrayList<>();

    propagator.inject(Context.root().with(Span.wrap(spanContext)), new HashMap<String, String>(),
        (carrier, key, value) -> {
          calls.add(key);
          throw new UnsupportedOperationException("read-only headers");
        });

    assertThat(calls).containsExactly("traceparent");
  }

  @Test
  void injectThenExtract_roundTrip_sameSpanContextAndBaggage() {
    SpanContext original = SpanContext.createFromRemoteParent(TRACE_ID, PARENT_ID, TraceFlags.getSampled(),
        TraceState.builder().put("rojo", "00f067aa0ba902b7").put("congo", "t61rcWkgMzE").build());
    Baggage baggage = Baggage.builder().put("user", "alice").put("tenant", "acme corp").build();
    Map<String, String> injected = new HashMap<>();
    propagator.inject(Context.root().with(Span.wrap(original)).with(baggage), injected, MapSetter.INSTANCE);
    Map<String, List<String>> received = new LinkedHashMap<>();
    injected.forEach((name, value) -> received.put(name, List.of(value)));

    Context context = extract(received);

    assertThat(spanContext(context)).isEqualTo(original);
    assertThat(Baggage.fromContext(context)).isEqualTo(baggage);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // create

  @Test
  void create_unknownFormat_throwsNamingIt() {
    assertThatThrownBy(() -> W3CPropagator.create(List.of("tracecontext", "b3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("formats contains 'b3', which is neither 'tracecontext' nor 'baggage'");
  }

  @Test
  void create_nullElement_throwsNullPointerException() {
    assertThatThrownBy(() -> W3CPropagator.create(Arrays.asList("tracecontext", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("formats contains null");
  }

  @Test
  void create_duplicateFormat_countsOnce() {
    W3CPropagator twice = W3CPropagator.create(List.of("baggage", "tracecontext", "baggage"));

    assertThat(twice).hasToString("W3CPropagator[baggage, tracecontext]");
  }
}
