package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.Traced;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/**
 * The extension as {@code traceguard-all-mp} runs it, on a server whose MicroProfile Telemetry defines the
 * OpenTelemetry beans ({@link ServerBeans} stands in for them): the server's beans are the application's, with no
 * ambiguity, {@code @Traced} spans go to the server's SDK, and {@code @WithSpan} is left to the server's interceptor.
 */
@EnableWeld
class ServerOpenTelemetryTest {
  static final InMemorySpanExporter SERVER_EXPORT = InMemorySpanExporter.create();
  /** The server's SDK, built as its autoconfigure builds it with {@link ServerExportMasking} found. */
  static final OpenTelemetrySdk SERVER = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SERVER_EXPORT))
          .addSpanProcessor(ApplicationExporters.forServerSdk())
          .build())
      .build();

  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
      .addExtension(new TraceguardExtension(true))
      .addBeanClasses(TracedInterceptor.class, TraceguardProducers.class, OpenTelemetryProducers.class,
          ServerBeans.class, Payments.class)).build();

  @Inject OpenTelemetry openTelemetry;
  @Inject Tracer tracer;
  @Inject Payments payments;
  @Inject TracingRuntime runtime;

  /** The beans a server's MicroProfile Telemetry defines for the application. */
  @Dependent
  static class ServerBeans {
    @Produces
    @ApplicationScoped
    static OpenTelemetry openTelemetry() {
      return SERVER;
    }

    @Produces
    @ApplicationScoped
    static Tracer tracer() {
      return SERVER.getTracer("server");
    }
  }

  @ApplicationScoped
  static class Payments {
    @Traced
    String pay() {
      return Span.current().getSpanContext().getSpanId();
    }

    @WithSpan
    String refund() {
      return Span.current().getSpanContext().getSpanId();
    }
  }

  @Test
  void injection_openTelemetryTypes_theServersBeans() {
    assertThat(openTelemetry.getPropagators()).isSameAs(SERVER.getPropagators());
    assertThat(tracer.spanBuilder("x").startSpan()).isInstanceOf(io.opentelemetry.sdk.trace.ReadableSpan.class);
    assertThat(runtime.usesServerOpenTelemetry()).isTrue();
    // The runtime holds the container's client proxy of the server's bean, which hands out the server's providers.
    assertThat(runtime.openTelemetry().getTracerProvider()).isSameAs(SERVER.getTracerProvider());
  }

  @Test
  void traced_onServer_spanExportedByTheServersSdk() {
    SERVER_EXPORT.reset();

    String spanId = payments.pay();

    assertThat(SERVER_EXPORT.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getSpanId()).isEqualTo(spanId))
        .extracting(SpanData::getName).isEqualTo("Payments.pay");
  }

  @Test
  void withSpan_onServer_leftToTheServersInterceptor() {
    SERVER_EXPORT.reset();

    String spanId = payments.refund();

    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(spanId).isEqualTo(Span.getInvalid().getSpanContext().getSpanId());
    assertThat(SERVER_EXPORT.getFinishedSpanItems()).isEmpty();
  }
}
