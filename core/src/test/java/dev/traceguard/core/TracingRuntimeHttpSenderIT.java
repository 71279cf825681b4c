package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OkHttp's sender is on the test classpath, as in an application that exports over gRPC; the runtime's OTLP/HTTP
 * exporter must still send with the JDK's HttpClient. What tells them apart on the wire: over plain http, the JDK
 * client offers an upgrade to HTTP/2 ({@code Upgrade: h2c}) on its first request, OkHttp never does and asks for
 * {@code Connection: Keep-Alive}.
 */
class TracingRuntimeHttpSenderIT {

  @Test
  void export_okHttpOnClasspath_requestComesFromJdkHttpClient() throws Exception {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort());
        TracingRuntime runtime = TracingRuntime.create(TracingConfig.builder()
            .setServiceName("sender-test")
            .setExporters(List.of("otlp"))
            .setOtlpEndpoint(receiver.endpoint())
            .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(5)).toMillis()))
            .setScheduleDelay(Duration.ofMillis(50))
            .setOtlpMaxAttempts(1)
            .build()).start()) {

      runtime.tracer().spanBuilder("op").startSpan().end();

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 1);
      assertThat(receiver.lastHeaders())
          .containsEntry("upgrade", "h2c")
          .containsEntry("connection", "Upgrade, HTTP2-Settings")
          .containsKey("http2-settings");
    }
  }

  @Test
  void export_okHttpSender_requestHasNoUpgradeAndKeepsAlive() throws Exception {
    // The control: the same exporter forced onto OkHttp's sender shows the other side of the difference.
    ComponentLoader classpath = ComponentLoader.forClassLoader(getClass().getClassLoader());
    ComponentLoader okHttpOnly = new ComponentLoader() {
      @Override
      public <T> Iterable<T> load(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (T component : classpath.load(type)) {
          if (type != HttpSenderProvider.class || component.getClass().getName().contains(".okhttp.")) {
            found.add(component);
          }
        }
        return found;
      }
    };
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start(OtlpHttpReceiver.freePort())) {
      SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
              .setComponentLoader(okHttpOnly)
              .setEndpoint(receiver.endpoint() + "/v1/traces")
              .build()))
          .build();
      try {
        tracerProvider.get("control").spanBuilder("op").startSpan().end();

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 1);
        assertThat(receiver.lastHeaders())
            .containsEntry("connection", "Keep-Alive")
            .doesNotContainKey("upgrade")
            .doesNotContainKey("http2-settings");
      } finally {
        tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }
}
