package dev.traceguard.core.internal;

import dev.traceguard.core.RecordingLogHandler;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.internal.pii.ScanningPiiMasker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MaskingSpanExporterTest {
  private static final ScanningPiiMasker MASKER = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());
  private static final AttributeKey<List<String>> AUTHORIZATION = stringArrayKey("http.request.header.authorization");
  private static final AttributeKey<List<String>> COOKIE = stringArrayKey("http.request.header.cookie");
  private static final AttributeKey<List<String>> SET_COOKIE = stringArrayKey("http.response.header.set-cookie");
  private static final AttributeKey<List<String>> TENANT_SECRET = stringArrayKey("http.request.header.x-tenant-secret");
  private static final AttributeKey<List<String>> ACCEPT = stringArrayKey("http.request.header.accept");
  private static final AttributeKey<String> API_KEY_AS_STRING = stringKey("http.request.header.x-api-key");
  private static final Resource RESOURCE = Resource.create(Attributes.builder()
      .put("service.name", "orders-alice@example.com")
      .put("service.instance.id", "bob@example.com")
      .put("telemetry.sdk.name", "carol@example.com")
      .put("host.owner", "owner dave@example.com")
      .put("process.pid", 4242L)
      .build(), "https://opentelemetry.io/schemas/1.28.0");
  private static final SpanContext LINKED = SpanContext.create(
      "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

  private final List<SdkTracerProvider> providers = new ArrayList<>();

  @AfterEach
  void shutDown() {
    providers.forEach(SdkTracerProvider::close);
  }

  /** Hands each span the SDK ends to {@code next}, remembering the very instance the SDK made. */
  private static final class Tap implements SpanExporter {
    final SpanExporter next;
    final List<SpanData> seen = new ArrayList<>();

    Tap(SpanExporter next) {
      this.next = next;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      seen.addAll(spans);
      return next.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return next.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return next.shutdown();
    }
  }

  private Tracer tracer(SpanExporter exporter) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(RESOURCE)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
    providers.add(provider);
    return provider.get("masking-test");
  }

  private static void span(Tracer tracer, String name, Consumer<Span> body) {
    Span span = tracer.spanBuilder(name).startSpan();
    body.accept(span);
    span.end();
  }

  // --- Where masking applies ------------------------------------------------------------------------------

  /** Ends one span whose parent is a remote context carrying {@code state}, and returns what was exported. */
  private SpanData exportedWithTraceState(TraceState state) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tracer tracer = tracer(MaskingSpanExporter.create(memory, MASKER, Set.of()));
    SpanContext remote = SpanContext.createFromRemoteParent(
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), state);
    tracer.spanBuilder("child").setParent(io.opentelemetry.context.Context.root().with(Span.wrap(remote)))
        .startSpan().end();
    assertThat(memory.getFinishedSpanItems()).hasSize(1);
    return memory.getFinishedSpanItems().get(0);
  }

  @Test
  void export_traceStateWithPii_valuesMaskedKeysAndOrderKept() {
    TraceState state = TraceState.builder()
        .put("vendor", "plain-7")
        .put("tg", "4111 1111 1111 1111")
        .put("other", "mail:alice@example.com")
        .build();

    SpanData masked = exportedWithTraceState(state);

    java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
    state.forEach((key, value) -> expected.put(key, MASKER.mask(value)));
    java.util.Map<String, String> exported = new java.util.LinkedHashMap<>();
    masked.getSpanContext().getTraceState().forEach(exported::put);
    assertThat(exported).containsExactlyEntriesOf(expected).containsEntry("vendor", "plain-7");
    assertThat(masked.getSpanContext().getTraceState().asMap().toString())
        .doesNotContain("4111 1111 1111 1111", "alice@example.com");
    assertThat(masked.getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void export_traceStateWithoutPii_spanContextExportedAsTheSdkMadeIt() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tap tap = new Tap(MaskingSpanExporter.create(memory, MASKER, Set.of()));
    Tracer tracer = tracer(tap);
    SpanContext remote = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        TraceFlags.getSampled(), TraceState.builder().put("vendor", "plain-7").build());
    tracer.spanBuilder("child").setParent(io.opentelemetry.context.Context.root().with(Span.wrap(remote)))
        .startSpan().end();

    assertThat(memory.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getSpanContext()).isSameAs(tap.seen.get(0).getSpanContext()));
  }

  @Test
  void export_spanWithPiiEverywhere_everyPlaceMasked() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    MaskingSpanExporter exporter = MaskingSpanExporter.create(memory, MASKER, Set.of("x-tenant-secret"));
    Tracer tracer = tracer(exporter);

    Span span = tracer.spanBuilder("GET /users/alice@example.com")
        .addLink(LINKED, Attributes.of(stringKey("peer"), "grace@example.com", longKey("weight"), 3L))
        .startSpan();
    span.setAttribute(stringKey("user.email"), "erin@example.com");
    span.setAttribute(stringArrayKey("user.phones"), List.of("+82 10-1234-5678", "none"));
    span.setAttribute(longKey("order.total"), 123456789012345L);
    span.setAttribute(AUTHORIZATION, List.of("Bearer abc123"));
    span.setAttribute(COOKIE, List.of("a=1", "b=2"));
    span.setAttribute(SET_COOKIE, List.of("sid=1"));
    span.setAttribute(TENANT_SECRET, List.of("tenant-7"));
    span.setAttribute(ACCEPT, List.of("text/plain"));
    span.setAttribute(API_KEY_AS_STRING, "k-123");
    span.setAttribute(TraceguardAttributes.URL_FULL,
        "https://h.example/cb?email=carol@example.com&access_token=abc");
    span.setAttribute(TraceguardAttributes.URL_QUERY, "password=x&page=2");
    span.setAttribute(AttributeKey.valueKey("request.body"),
        Value.of(KeyValue.of("email", Value.of("dave@example.com")), KeyValue.of("n", Value.of(7L)),
            KeyValue.of("cards", Value.of(Value.of("4111 1111 1111 1111"), Value.of("none")))));
    span.addEvent("sent to frank@example.com", Attributes.of(stringKey("to"), "frank@example.com"));
    span.recordException(new IllegalStateException("cannot read /home/alice/secret.txt for heidi@example.com"));
    span.setStatus(StatusCode.ERROR, "failed for ivan@example.com");
    span.end();

    assertThat(memory.getFinishedSpanItems()).hasSize(1);
    SpanData masked = memory.getFinishedSpanItems().get(0);
    assertThat(masked.getName()).isEqualTo("GET /users/a***@example.com");
    Attributes attributes = masked.getAttributes();
    assertThat(attributes.get(stringKey("user.email"))).isEqualTo("e***@example.com");
    assertThat(attributes.get(stringArrayKey("user.phones"))).containsExactly("***-***-5678", "none");
    assertThat(attributes.get(longKey("order.total"))).isEqualTo(123456789012345L);
    assertThat(attributes.get(AUTHORIZATION)).containsExactly("[REDACTED]");
    assertThat(attributes.get(COOKIE)).containsExactly("[REDACTED]", "[REDACTED]");
    assertThat(attributes.get(SET_COOKIE)).containsExactly("[REDACTED]");
    assertThat(attributes.get(TENANT_SECRET)).containsExactly("[REDACTED]");
    assertThat(attributes.get(ACCEPT)).containsExactly("text/plain");
    assertThat(attributes.get(API_KEY_AS_STRING)).isEqualTo("[REDACTED]");
    assertThat(attributes.get(TraceguardAttributes.URL_FULL))
        .isEqualTo("https://h.example/cb?email=c***@example.com&access_token=[REDACTED]");
    assertThat(attributes.get(TraceguardAttributes.URL_QUERY)).isEqualTo("password=[REDACTED]&page=2");
    assertThat(attributes.get(AttributeKey.valueKey("request.body"))).isEqualTo(
        Value.of(KeyValue.of("email", Value.of("d***@example.com")), KeyValue.of("n", Value.of(7L)),
            KeyValue.of("cards", Value.of(Value.of("****-****-****-1111"), Value.of("none")))));
    assertThat(attributes.size()).isEqualTo(12);
    assertThat(masked.getTotalAttributeCount()).isEqualTo(12);

    assertThat(masked.getEvents()).hasSize(2);
    EventData sent = masked.getEvents().get(0);
    assertThat(sent.getName()).isEqualTo("sent to f***@example.com");
    assertThat(sent.getAttributes().get(stringKey("to"))).isEqualTo("f***@example.com");
    EventData exception = masked.getEvents().get(1);
    assertThat(exception).isNotInstanceOf(ExceptionEventData.class);
    assertThat(exception.getName()).isEqualTo("exception");
    assertThat(exception.getAttributes().get(TraceguardAttributes.EXCEPTION_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(exception.getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE))
        .isEqualTo("cannot read [PATH]/secret.txt for h***@example.com");
    assertThat(exception.getAttributes().get(TraceguardAttributes.EXCEPTION_STACKTRACE))
        .startsWith("java.lang.IllegalStateException: cannot read [PATH]/secret.txt for h***@example.com")
        .doesNotContain("/home/alice", "heidi@example.com");

    assertThat(masked.getLinks()).hasSize(1);
    LinkData link = masked.getLinks().get(0);
    assertThat(link.getSpanContext()).isEqualTo(LINKED);
    assertThat(link.getAttributes())
        .isEqualTo(Attributes.of(stringKey("peer"), "g***@example.com", longKey("weight"), 3L));
    assertThat(link.getTotalAttributeCount()).isEqualTo(2);

    assertThat(masked.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(masked.getStatus().getDescription()).isEqualTo("failed for i***@example.com");
  }

  @Test
  void export_resource_serviceAndTelemetryKeptOthersMasked() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tracer tracer = tracer(MaskingSpanExporter.create(memory, MASKER, Set.of()));

    span(tracer, "clean", s -> { });

    Resource resource = memory.getFinishedSpanItems().get(0).getResource();
    assertThat(resource.getAttributes()).isEqualTo(Attributes.builder()
        .put("service.name", "orders-alice@example.com")
        .put("service.instance.id", "bob@example.com")
        .put("telemetry.sdk.name", "carol@example.com")
        .put("host.owner", "owner d***@example.com")
        .put("process.pid", 4242L)
        .build());
    assertThat(resource.getSchemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.28.0");
  }

  @Test
  void export_manySpansOneResource_resourceMaskedOnceAndShared() {
    AtomicInteger resourceMaskings = new AtomicInteger();
    PiiMasker counting = text -> {
      if (text.equals("owner dave@example.com")) {
        resourceMaskings.incrementAndGet();
      }
      return MASKER.mask(text);
    };
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tracer tracer = tracer(MaskingSpanExporter.create(memory, counting, Set.of()));

    for (int i = 0; i < 3; i++) {
      span(tracer, "span " + i, s -> { });
    }

    List<SpanData> spans = memory.getFinishedSpanItems();
    assertThat(spans).hasSize(3);
    assertThat(resourceMaskings).hasValue(1);
    assertThat(spans.get(1).getResource()).isSameAs(spans.get(0).getResource());
    assertThat(spans.get(2).getResource()).isSameAs(spans.get(0).getResource());
  }

  @Test
  void export_resourceWithPiiInServiceKeysOnly_sameResourceInstance() {
    Resource serviceOnly = Resource.create(Attributes.of(stringKey("service.name"), "alice@example.com"));
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(serviceOnly)
        .addSpanProcessor(SimpleSpanProcessor.create(MaskingSpanExporter.create(memory, MASKER, Set.of())))
        .build();
    providers.add(provider);

    span(provider.get("t"), "clean", s -> { });

    assertThat(memory.getFinishedSpanItems().get(0).getResource()).isSameAs(serviceOnly);
  }

  // --- Unchanged spans and batches ------------------------------------------------------------------------

  @Test
  void export_cleanSpan_exportedAsTheSameInstance() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tap tap = new Tap(MaskingSpanExporter.create(memory, MASKER, Set.of()));
    Resource clean = Resource.create(Attributes.of(stringKey("service.name"), "orders"));
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(clean)
        .addSpanProcessor(SimpleSpanProcessor.create(tap))
        .build();
    providers.add(provider);

    span(provider.get("t"), "GET /users/{id}", s -> {
      s.setAttribute(TraceguardAttributes.HTTP_ROUTE, "/users/{id}");
      s.setAttribute(TraceguardAttributes.URL_QUERY, "page=2&size=10");
      s.setAttribute(ACCEPT, List.of("application/json"));
      s.setAttribute(TraceguardAttributes.HTTP_RESPONSE_STATUS_CODE, 200L);
      s.addEvent("cache miss", Attributes.of(stringKey("key"), "user:42"));
    });

    assertThat(tap.seen).hasSize(1);
    assertThat(memory.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getSpanContext()).isSameAs(tap.seen.get(0).getSpanContext()));
  }

  @Test
  void export_batchWithoutChanges_sameCollectionHandedOn() {
    RecordingSpanExporter recording = new RecordingSpanExporter();
    MaskingSpanExporter exporter = MaskingSpanExporter.create(recording, MASKER, Set.of());
    List<SpanData> batch = endedSpans("one", "two");

    exporter.export(batch);

    assertThat(recording.batches).singleElement().isSameAs(batch);
  }

  @Test
  void export_batchWithOneMaskedSpan_othersKeptAsTheSameInstances() {
    RecordingSpanExporter recording = new RecordingSpanExporter();
    MaskingSpanExporter exporter = MaskingSpanExporter.create(recording, MASKER, Set.of());
    List<SpanData> batch = endedSpans("one", "mail alice@example.com", "three");

    exporter.export(batch);

    List<SpanData> exported = new ArrayList<>(recording.batches.get(0));
    assertThat(exported).hasSize(3);
    assertThat(exported.get(0)).isSameAs(batch.get(0));
    assertThat(exported.get(1).getName()).isEqualTo("mail a***@example.com");
    assertThat(exported.get(1).getSpanContext()).isEqualTo(batch.get(1).getSpanContext());
    assertThat(exported.get(2)).isSameAs(batch.get(2));
  }

  // --- Masking turned off ---------------------------------------------------------------------------------

  @Test
  void export_capturedHeaders_encodedValuesMaskedDecodedAndCredentialNamesRedacted() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tracer tracer = tracer(MaskingSpanExporter.create(memory, MASKER, Set.of(), Set.of("x-session-count"), 4096));

    span(tracer, "GET", s -> {
      s.setAttribute(stringArrayKey("http.request.header.baggage"), List.of("user=alice.smith%40example.com,n=1"));
      s.setAttribute(stringArrayKey("http.request.header.x-goog-api-key"), List.of("AIzaSyA-1234567890"));
      s.setAttribute(stringArrayKey("http.request.header.x-session-count"), List.of("3 for bob@example.com"));
      s.setAttribute(ACCEPT, List.of("text/plain"));
    });

    Attributes exported = memory.getFinishedSpanItems().get(0).getAttributes();
    assertThat(exported.get(stringArrayKey("http.request.header.baggage")))
        .containsExactly(MASKER.mask("user=alice.smith@example.com,n=1"))
        .noneMatch(value -> value.contains("alice.smith"));
    assertThat(exported.get(stringArrayKey("http.request.header.x-goog-api-key"))).containsExactly("[REDACTED]");
    assertThat(exported.get(stringArrayKey("http.request.header.x-session-count")))
        .containsExactly("3 for b***@example.com");
    assertThat(exported.get(ACCEPT)).containsExactly("text/plain");
  }

  @Test
  void export_personalDataHiddenByPercentEncoding_maskedInTheDecodedQuery() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tracer tracer = tracer(MaskingSpanExporter.create(
        memory, ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of()), Set.of()));

    span(tracer, "GET", s -> {
      s.setAttribute(TraceguardAttributes.URL_QUERY, "phone=%2B1+%28415%29+555-0132&page=2");
      s.setAttribute(TraceguardAttributes.URL_FULL, "http://h.example/find?who=alice.smith%40example.com&q=a+b");
      s.setAttribute(stringKey("clean.query"), "q=caf%C3%A9&page=2");
    });

    SpanData exported = memory.getFinishedSpanItems().get(0);
    assertThat(exported.getAttributes().get(TraceguardAttributes.URL_QUERY)).isEqualTo("phone=***-***-0132&page=2");
    assertThat(exported.getAttributes().get(TraceguardAttributes.URL_FULL))
        .isEqualTo("http://h.example/find?who=a***@example.com&q=a b");
    assertThat(exported.getAttributes().get(stringKey("clean.query"))).isEqualTo("q=caf%C3%A9&page=2");
  }

  @Test
  void export_personalDataAsAPathSegment_maskedSegmentBySegment() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tracer tracer = tracer(MaskingSpanExporter.create(
        memory, ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of()), Set.of()));

    List<String> paths = List.of(
        "/api/users/4111111111111111",
        "/api/users/123-45-6789/orders",
        "/api/users/%2B1%20415%20555%200132",
        "/api/users/alice%40example.com/",
        "/api/orders/12345",
        "/v1/2024/01/02/report",
        "/files/a+b/c%ZZ");
    for (String path : paths) {
      span(tracer, "GET", s -> {
        s.setAttribute(TraceguardAttributes.URL_PATH, path);
        s.setAttribute(TraceguardAttributes.URL_FULL, "https://h.example:8443" + path + "?page=2#top");
      });
    }

    List<SpanData> exported = memory.getFinishedSpanItems();
    assertThat(exported).extracting(span -> span.getAttributes().get(TraceguardAttributes.URL_PATH)).containsExactly(
        "/api/users/****-****-****-1111",
        "/api/users/***-**-****/orders",
        "/api/users/***-***-0132",
        "/api/users/a***@example.com/",
        "/api/orders/12345",
        "/v1/2024/01/02/report",
        "/files/a+b/c%ZZ");
    assertThat(exported.get(0).getAttributes().get(TraceguardAttributes.URL_FULL))
        .isEqualTo("https://h.example:8443/api/users/****-****-****-1111?page=2#top");
    assertThat(exported.get(4).getAttributes().get(TraceguardAttributes.URL_FULL))
        .isEqualTo("https://h.example:8443/api/orders/12345?page=2#top");
  }

  @Test
  void export_noopMasker_httpRedactionStillApplied() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tracer tracer = tracer(MaskingSpanExporter.create(memory, PiiMasker.noop(), Set.of("x-tenant-secret")));

    span(tracer, "GET /users/alice@example.com", s -> {
      s.setAttribute(AUTHORIZATION, List.of("Basic dXNlcjpwYXNz"));
      s.setAttribute(COOKIE, List.of("JSESSIONID=1"));
      s.setAttribute(TENANT_SECRET, List.of("t"));
      s.setAttribute(TraceguardAttributes.URL_QUERY, "token=abc&email=bob@example.com");
      s.setAttribute(TraceguardAttributes.URL_FULL, "https://h.example/x?api_key=k&q=1");
      s.setAttribute(stringKey("user.email"), "bob@example.com");
      s.recordException(new IllegalStateException("cannot read /home/alice/a.txt"));
    });

    SpanData exported = memory.getFinishedSpanItems().get(0);
    assertThat(exported.getName()).isEqualTo("GET /users/alice@example.com");
    assertThat(exported.getAttributes().get(AUTHORIZATION)).containsExactly("[REDACTED]");
    assertThat(exported.getAttributes().get(COOKIE)).containsExactly("[REDACTED]");
    assertThat(exported.getAttributes().get(TENANT_SECRET)).containsExactly("[REDACTED]");
    assertThat(exported.getAttributes().get(TraceguardAttributes.URL_QUERY))
        .isEqualTo("token=[REDACTED]&email=bob@example.com");
    assertThat(exported.getAttributes().get(TraceguardAttributes.URL_FULL))
        .isEqualTo("https://h.example/x?api_key=[REDACTED]&q=1");
    assertThat(exported.getAttributes().get(stringKey("user.email"))).isEqualTo("bob@example.com");
    assertThat(exported.getEvents().get(0).getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE))
        .isEqualTo("cannot read /home/alice/a.txt");
    assertThat(exported.getResource().getAttributes().get(stringKey("host.owner"))).isEqualTo("owner dave@example.com");
  }

  @Test
  void export_noopMaskerAndCleanSpan_sameInstance() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tap tap = new Tap(MaskingSpanExporter.create(memory, PiiMasker.noop(), Set.of()));
    Tracer tracer = tracer(tap);

    span(tracer, "mail alice@example.com", s -> s.setAttribute(TraceguardAttributes.URL_QUERY, "page=1"));

    assertThat(memory.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getSpanContext()).isSameAs(tap.seen.get(0).getSpanContext()));
  }

  @Test
  void export_headerAlreadyRedacted_sameInstance() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Tap tap = new Tap(MaskingSpanExporter.create(memory, PiiMasker.noop(), Set.of()));
    Tracer tracer = tracer(tap);

    span(tracer, "s", s -> s.setAttribute(AUTHORIZATION, List.of("[REDACTED]")));

    assertThat(memory.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getSpanContext()).isSameAs(tap.seen.get(0).getSpanContext()));
  }

  // --- Failures -------------------------------------------------------------------------------------------

  @Test
  void export_maskerThrows_spanDroppedAndCountedNeverExportedRaw() {
    PiiMasker failing = text -> {
      if (text.contains("boom")) {
        throw new IllegalStateException("cannot mask");
      }
      return MASKER.mask(text);
    };
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    MaskingSpanExporter exporter = MaskingSpanExporter.create(memory, failing, Set.of());
    Tracer tracer = tracer(exporter);

    span(tracer, "boom alice@example.com", s -> { });
    span(tracer, "fine", s -> s.setAttribute(stringKey("note"), "boom bob@example.com"));
    span(tracer, "ok carol@example.com", s -> { });

    assertThat(exporter.droppedUnmaskable()).isEqualTo(2);
    assertThat(memory.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("ok c***@example.com");
  }

  @Test
  void export_maskerOverflowsOrReturnsNull_spanDropped() {
    PiiMasker broken = text -> {
      if (text.equals("deep")) {
        throw new StackOverflowError();
      }
      return text.equals("null") ? null : text;
    };
    RecordingSpanExporter recording = new RecordingSpanExporter();
    MaskingSpanExporter exporter = MaskingSpanExporter.create(recording, broken, Set.of());

    CompletableResultCode result = exporter.export(endedSpans("deep", "null", "kept"));

    assertThat(result.isSuccess()).isTrue();
    assertThat(exporter.droppedUnmaskable()).isEqualTo(2);
    assertThat(recording.batches).singleElement().satisfies(
        batch -> assertThat(batch).extracting(SpanData::getName).containsExactly("kept"));
  }

  @Test
  void export_everySpanDropped_successWithoutCallingDelegate() {
    RecordingSpanExporter recording = new RecordingSpanExporter();
    MaskingSpanExporter exporter = MaskingSpanExporter.create(recording, text -> {
      throw new IllegalStateException("never");
    }, Set.of());

    CompletableResultCode result = exporter.export(endedSpans("a", "b"));

    assertThat(result.isSuccess()).isTrue();
    assertThat(exporter.droppedUnmaskable()).isEqualTo(2);
    assertThat(recording.batches).isEmpty();
  }

  @Test
  void export_delegateThrows_failedResultNotThrown() {
    RecordingSpanExporter recording = new RecordingSpanExporter();
    recording.toThrow = new IllegalStateException("backend down");
    MaskingSpanExporter exporter = MaskingSpanExporter.create(recording, MASKER, Set.of());

    CompletableResultCode result = exporter.export(endedSpans("a"));

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
    assertThat(exporter.droppedUnmaskable()).isZero();
  }

  @Test
  void export_repeatedDrops_loggedAtFineOnce() {
    Logger logger = Logger.getLogger(MaskingSpanExporter.class.getName());
    RecordingLogHandler handler = new RecordingLogHandler();
    List<LogRecord> records = handler.records();
    Level previous = logger.getLevel();
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
    try {
      MaskingSpanExporter exporter = MaskingSpanExporter.create(new RecordingSpanExporter(), text -> {
        throw new IllegalStateException("never");
      }, Set.of());

      exporter.export(endedSpans("a", "b"));
      exporter.export(endedSpans("c"));

      assertThat(exporter.droppedUnmaskable()).isEqualTo(3);
      assertThat(records).singleElement().satisfies(record -> {
        assertThat(record.getLevel()).isEqualTo(Level.FINE);
        assertThat(record.getThrown()).hasMessage("never");
      });
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(previous);
    }
  }

  // --- Lifecycle and arguments ----------------------------------------------------------------------------

  @Test
  void flushAndShutdown_delegated() {
    RecordingSpanExporter recording = new RecordingSpanExporter();
    MaskingSpanExporter exporter = MaskingSpanExporter.create(recording, MASKER, Set.of());

    assertThat(exporter.flush().isSuccess()).isTrue();
    assertThat(exporter.shutdown().isSuccess()).isTrue();

    assertThat(recording.flushes).isEqualTo(1);
    assertThat(recording.shutdowns).isEqualTo(1);
  }

  @Test
  void create_nullArguments_throwNamingThem() {
    RecordingSpanExporter delegate = new RecordingSpanExporter();
    assertThatThrownBy(() -> MaskingSpanExporter.create(null, MASKER, Set.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("delegate");
    assertThatThrownBy(() -> MaskingSpanExporter.create(delegate, null, Set.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("masker");
    assertThatThrownBy(() -> MaskingSpanExporter.create(delegate, MASKER, null))
        .isInstanceOf(NullPointerException.class).hasMessage("extraRedactedHeaders");
  }

  /** Spans ended by a real SDK with a resource needing no masking, captured unmasked. */
  private List<SpanData> endedSpans(String... names) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(stringKey("service.name"), "orders")))
        .addSpanProcessor(SimpleSpanProcessor.create(memory))
        .build();
    providers.add(provider);
    Tracer tracer = provider.get("masking-test");
    for (String name : names) {
      span(tracer, name, s -> { });
    }
    return memory.getFinishedSpanItems();
  }
}
