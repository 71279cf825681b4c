package dev.traceguard.core;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that the runtime's SDK is built by OpenTelemetry's autoconfigure from the providers on the class path (a
 * span exporter, a sampler, a propagator and a resource provider of this test jar, registered in {@code
 * META-INF/services}), that spans reaching a provider's exporter are still masked by Traceguard, and that every
 * unknown provider name and every invalid property is reported at once.
 */
class AutoconfigureProvidersTest {
  private static final String EMAIL = "jane.doe@example.com";
  private static final TextMapSetter<Map<String, String>> SETTER = MapCarrier.SETTER;
  private static final TextMapGetter<Map<String, String>> GETTER = MapCarrier.GETTER;

  private @Nullable TracingRuntime runtime;

  @BeforeEach
  void forgetExporter() {
    InMemoryExporterTestProvider.reset();
  }

  @AfterEach
  void shutDown() {
    if (runtime != null) {
      runtime.shutdown(Duration.ofSeconds(10));
    }
  }

  /** The test service, exporting to {@code test-memory} only, plus {@code extra}. */
  private static TracingConfig config(Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", MarkerResourceTestProvider.SERVICE_NAME);
    properties.put("otel.traces.exporter", InMemoryExporterTestProvider.NAME);
    properties.putAll(extra);
    return TracingConfig.from(PropertySource.fromMap(properties));
  }

  private TracingRuntime start(Map<String, String> extra) {
    runtime = TracingRuntime.create(config(extra)).start();
    return runtime;
  }

  private static List<SpanData> exported(TracingRuntime runtime) {
    assertThat(runtime.forceFlush(Duration.ofSeconds(10))).isTrue();
    return InMemoryExporterTestProvider.exporter().getFinishedSpanItems();
  }

  @Test
  void start_providerExporterNamed_spanArrivesWithEmailMasked() {
    TracingRuntime started = start(Map.of());
    assertThat(started.config().exporters()).containsExactly(InMemoryExporterTestProvider.NAME);

    started.tracer().spanBuilder("checkout").setAttribute("user.email", EMAIL).startSpan().end();

    List<SpanData> spans = exported(started);
    assertThat(spans).singleElement().satisfies(span -> {
      assertThat(span).hasName("checkout");
      String exported = span.getAttributes().get(stringKey("user.email"));
      assertThat(exported).isNotNull().doesNotContain(EMAIL).doesNotContain("jane.doe")
          .isEqualTo(started.piiMasker().mask(EMAIL));
    });
  }

  @Test
  void start_providerSamplerNamed_samplerDecides() {
    TracingRuntime started = start(Map.of("otel.traces.sampler", CountingSamplerTestProvider.NAME));
    long before = CountingSamplerTestProvider.calls();

    started.tracer().spanBuilder("sampled-by-provider").startSpan().end();

    assertThat(CountingSamplerTestProvider.calls()).isGreaterThan(before);
    assertThat(exported(started)).singleElement()
        .satisfies(span -> assertThat(span).hasName("sampled-by-provider").isSampled());
  }

  @Test
  void start_providerPropagatorNamed_sdkAndRuntimePropagatorsInjectItsHeader() {
    TracingRuntime started = start(Map.of("otel.propagators", "tracecontext," + HeaderPropagatorTestProvider.NAME));
    Span span = started.tracer().spanBuilder("outgoing").startSpan();
    try {
      Context context = Context.root().with(span);
      String expected = span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId();

      TextMapPropagator sdk = started.openTelemetry().getPropagators().getTextMapPropagator();
      Map<String, String> fromSdk = new HashMap<>();
      sdk.inject(context, fromSdk, SETTER);
      Map<String, String> fromRuntime = new HashMap<>();
      started.propagator().inject(context, fromRuntime, SETTER);

      assertThat(sdk.fields()).contains("traceparent", HeaderPropagatorTestProvider.HEADER);
      assertThat(fromSdk).containsEntry(HeaderPropagatorTestProvider.HEADER, expected).containsKey("traceparent");
      assertThat(fromRuntime).containsEntry(HeaderPropagatorTestProvider.HEADER, expected).containsKey("traceparent");

      // And back: the header alone, without traceparent, yields the same remote parent.
      SpanContext extracted = Span.fromContext(started.propagator().extract(Context.root(),
          Map.of(HeaderPropagatorTestProvider.HEADER, expected), GETTER)).getSpanContext();
      assertThat(extracted.isRemote()).isTrue();
      assertThat(extracted.getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
      assertThat(extracted.getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    } finally {
      span.end();
    }
  }

  @Test
  void start_resourceProviderOnClassPath_resourceHasItsAttribute() {
    TracingRuntime started = start(Map.of());

    started.tracer().spanBuilder("with-resource").startSpan().end();

    assertThat(exported(started)).singleElement().satisfies(span -> assertThat(span)
        .hasResourceSatisfying(resource -> resource
            .hasAttribute(MarkerResourceTestProvider.TEST_RESOURCE, "yes")
            .hasAttribute(stringKey("service.name"), MarkerResourceTestProvider.SERVICE_NAME)));
  }

  @Test
  void start_unknownExporterAndPropagatorNames_throwsNamingEveryBadValue() {
    TracingRuntime created = TracingRuntime.create(config(Map.of(
        "otel.traces.exporter", "no-such-exporter,other-missing",
        "otel.propagators", "nope")));
    runtime = created;

    assertThatThrownBy(created::start)
        .isInstanceOfSatisfying(TraceguardConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(2);
          assertThat(e.problems().get(0))
              .startsWith("otel.traces.exporter='no-such-exporter,other-missing': no-such-exporter, other-missing"
                  + " are not a span exporter on the application's class path; must be a comma-separated list of ")
              .contains(InMemoryExporterTestProvider.NAME, "otlp", "console")
              .endsWith(", or none alone");
          assertThat(e.problems().get(1))
              .startsWith("otel.propagators='nope': nope is not a propagator on the application's class path;"
                  + " must be a comma-separated list of ")
              .contains(HeaderPropagatorTestProvider.NAME, "tracecontext", "baggage")
              .endsWith(", or none alone");
          assertThat(e.getMessage()).startsWith("Invalid Traceguard configuration (2 problems):")
              .contains("no-such-exporter", "other-missing", "'nope'");
        });
    assertThat(created.isRunning()).isFalse();
  }

  @Test
  void from_invalidStandardAndTraceguardKeys_throwsOneExceptionNamingAllAndHidingHeaders() {
    PropertySource source = PropertySource.fromMap(Map.of(
        "otel.span.event.count.limit", "many",
        "otel.exporter.otlp.traces.protocol", "carrier-pigeon",
        "traceguard.debug", "maybe",
        "otel.exporter.otlp.traces.headers", "broken"));

    assertThatThrownBy(() -> TracingConfig.from(source))
        .isInstanceOfSatisfying(TraceguardConfigurationException.class, e -> {
          assertThat(e.problems()).containsExactly(
              "traceguard.debug='maybe': must be true or false",
              "otel.exporter.otlp.traces.headers=<hidden, 6 characters>: must be a comma-separated list of"
                  + " key=value pairs with non-empty keys",
              "otel.exporter.otlp.traces.protocol='carrier-pigeon': must be grpc or http/protobuf",
              "otel.span.event.count.limit='many': must be an integer");
          assertThat(e.getMessage()).startsWith("Invalid Traceguard configuration (4 problems):")
              .doesNotContain("broken");
        });
  }

  @Test
  void start_resourceProviderDisabledByClassName_addsNothing() {
    TracingRuntime started = start(Map.of(
        "otel.java.disabled.resource.providers", MarkerResourceTestProvider.class.getName()));

    started.tracer().spanBuilder("no-marker").startSpan().end();

    assertThat(exported(started)).singleElement()
        .satisfies(span -> assertThat(span.getResource().getAttribute(MarkerResourceTestProvider.TEST_RESOURCE))
            .isNull());
  }
}
