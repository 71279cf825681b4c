package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Traceguard's OTLP JSON lines against OpenTelemetry's own marshaler: the same bytes for the same spans. */
class OtlpJsonTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final Resource RESOURCE = Resource.create(Attributes.of(
      AttributeKey.stringKey("service.name"), "orders", AttributeKey.longKey("pid"), 42L),
      "https://opentelemetry.io/schemas/1.24.0");

  private static String sdk(List<SpanData> spans) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OtlpStdoutSpanExporter.builder().setWrapperJsonObject(true).setOutput(out).build().export(spans);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String ours(List<SpanData> spans) {
    StringBuilder out = new StringBuilder();
    OtlpJson.writeLine(spans, out);
    return out.toString();
  }

  // One instance, as an SDK shares one scope object among its spans: both writers group by identity.
  private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("dev.traceguard");

  private static TestSpanData.Builder span(String spanId, String name) {
    return TestSpanData.builder()
        .setSpanContext(SpanContext.create(TRACE, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setStartEpochNanos(1_700_000_000_000_000_000L)
        .setEndEpochNanos(1_700_000_000_123_456_789L)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setResource(RESOURCE)
        .setInstrumentationScopeInfo(SCOPE);
  }

  @Test
  void writeLine_plainSpan_sameAsTheSdk() {
    List<SpanData> spans = List.of(span("00f067aa0ba902b7", "GET /orders").build());

    assertThat(ours(spans)).isEqualTo(sdk(spans));
  }

  @Test
  void writeLine_everyFieldAndValueType_sameAsTheSdk() {
    Attributes attributes = Attributes.builder()
        .put("text", "quote \" backslash \\ tab \t newline \n bell \u0007 é ü 中")
        .put("flag", true)
        .put("count", -7L)
        .put("ratio", 0.25)
        .put(AttributeKey.stringArrayKey("names"), List.of("a", "b"))
        .put(AttributeKey.longArrayKey("ids"), List.of(1L, 2L))
        .put(AttributeKey.booleanArrayKey("bits"), List.of(true, false))
        .put(AttributeKey.doubleArrayKey("weights"), List.of(1.5, 2.0))
        .put(AttributeKey.stringArrayKey("none"), List.of())
        .build();
    SpanContext remoteParent = SpanContext.createFromRemoteParent(TRACE, "1111111111111111", TraceFlags.getSampled(),
        TraceState.builder().put("vendor", "x1").put("other", "y2").build());
    SpanContext linked = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getDefault(), TraceState.builder().put("k", "v").build());
    SpanData full = span("2222222222222222", "POST /pay")
        .setSpanContext(SpanContext.create(TRACE, "2222222222222222", TraceFlags.getSampled(),
            TraceState.builder().put("vendor", "x1").build()))
        .setParentSpanContext(remoteParent)
        .setKind(SpanKind.SERVER)
        .setAttributes(attributes)
        .setTotalAttributeCount(attributes.size() + 3)
        .setEvents(List.of(EventData.create(1_700_000_000_100_000_000L, "exception",
            Attributes.of(AttributeKey.stringKey("exception.type"), "java.lang.IllegalStateException"), 4)))
        .setTotalRecordedEvents(5)
        .setLinks(List.of(LinkData.create(linked, Attributes.of(AttributeKey.longKey("n"), 1L), 2)))
        .setTotalRecordedLinks(3)
        .setStatus(StatusData.create(StatusCode.ERROR, "payment refused"))
        .build();
    SpanData ok = span("3333333333333333", "ok").setStatus(StatusData.ok()).setKind(SpanKind.CLIENT)
        .setParentSpanContext(SpanContext.create(TRACE, "2222222222222222", TraceFlags.getSampled(),
            TraceState.getDefault()))
        .build();
    List<SpanData> spans = List.of(full, ok, span("4444444444444444", "consumer").setKind(SpanKind.CONSUMER).build(),
        span("5555555555555555", "producer").setKind(SpanKind.PRODUCER).build());

    assertThat(ours(spans)).isEqualTo(sdk(spans));
  }

  @Test
  void writeLine_scopeWithVersionAttributesAndSchema_sameAsTheSdk() {
    InstrumentationScopeInfo scope = InstrumentationScopeInfo.builder("io.smallrye.opentelemetry").setVersion("2.11")
        .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
        .setAttributes(Attributes.of(AttributeKey.stringKey("scope.a"), "b")).build();
    List<SpanData> spans = List.of(span("6666666666666666", "GET").setInstrumentationScopeInfo(scope)
        .setResource(Resource.empty()).build());

    assertThat(ours(spans)).isEqualTo(sdk(spans));
  }

  @Test
  void writeLine_twoResourcesAndTwoScopes_oneGroupEach() {
    Resource payments = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "payments"));
    InstrumentationScopeInfo server = InstrumentationScopeInfo.create("server");
    List<SpanData> spans = List.of(span("1111111111111111", "a").build(),
        span("2222222222222222", "b").setInstrumentationScopeInfo(server).build(),
        span("3333333333333333", "c").build(),
        span("4444444444444444", "d").setResource(payments).build());

    String line = ours(spans);

    assertThat(line).endsWith("]}\n");
    assertThat(line.split("\\{\"resource\":", -1)).hasSize(3);
    assertThat(line.split("\\{\"scope\":", -1)).hasSize(4);
    assertThat(line).containsPattern("\"spanId\":\"1111111111111111\".*\"spanId\":\"3333333333333333\"");
  }
}
