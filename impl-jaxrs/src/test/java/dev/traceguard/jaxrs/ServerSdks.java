package dev.traceguard.jaxrs;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;

/** The OpenTelemetry SDK a server's own MicroProfile Telemetry would give the application, and Traceguard on it. */
final class ServerSdks {
  private ServerSdks() {}

  /** An SDK with W3C propagation exporting every span to {@code export} as it ends. */
  static OpenTelemetrySdk exportingTo(InMemorySpanExporter export) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(export)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  /** The caller's context in {@code request}'s headers, as the server's instrumentation extracts it. */
  static Context callerContext(OpenTelemetrySdk server, ContainerRequestContext request) {
    return server.getPropagators().getTextMapPropagator().extract(Context.root(), request, HEADERS);
  }

  private static final TextMapGetter<ContainerRequestContext> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(ContainerRequestContext carrier) {
      return carrier.getHeaders().keySet();
    }

    @Override
    public String get(ContainerRequestContext carrier, String key) {
      return carrier == null ? null : carrier.getHeaderString(key);
    }
  };

  /** A started runtime tracing with {@code server}, as under {@code traceguard-all-mp}. */
  static TracingRuntime traceguardOn(OpenTelemetrySdk server, String serviceName) {
    return TracingRuntime.onServer(TracingConfig.builder().setServiceName(serviceName).build(), () -> server,
        List.of()).start();
  }
}
