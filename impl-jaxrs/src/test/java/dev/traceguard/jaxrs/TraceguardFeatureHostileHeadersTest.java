package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile trace headers beyond any HTTP container's limits (1 MB values, 1,000 repeats, binary), sent through
 * Jersey's real request processing in-process: a healthy resource must answer 200 and be traced as a new trace.
 */
class TraceguardFeatureHostileHeadersTest {
  private InMemorySpanExporter exporter;
  private TracingRuntime runtime;
  private ApplicationHandler app;

  @BeforeEach
  void start() {
    exporter = InMemorySpanExporter.create();
    runtime = TracingRuntime.create(
        TracingConfig.builder().setServiceName("hostile").setExporters(List.of()).build(), List.of(exporter)).start();
    app = new ApplicationHandler(
        new ResourceConfig(TestResources.UserResource.class).register(new TraceguardFeature(runtime)));
  }

  @AfterEach
  void stop() {
    runtime.shutdown(Duration.ofSeconds(5));
  }

  private int get(java.util.function.Consumer<ContainerRequest> headers) throws Exception {
    ContainerRequest request = new ContainerRequest(
        URI.create("http://127.0.0.1/"), URI.create("http://127.0.0.1/users/1"), "GET", null,
        new org.glassfish.jersey.internal.MapPropertiesDelegate(), null);
    headers.accept(request);
    ContainerResponse response = app.apply(request).get();
    return response.getStatus();
  }

  @Test
  void apply_oneMegabyteHeaders_answers200AsANewTrace() throws Exception {
    String huge = "00-" + "a".repeat(1024 * 1024);

    int status = get(r -> {
      r.header("traceparent", huge);
      r.header("tracestate", huge);
      r.header("baggage", huge);
    });

    assertThat(status).isEqualTo(200);
    runtime.forceFlush(Duration.ofSeconds(5));
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void apply_validTraceparentRepeated1000Times_restartsTheTrace() throws Exception {
    int status = get(r -> {
      for (int i = 0; i < 1000; i++) {
        r.header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        r.header("tracestate", "k" + i + "=v");
        r.header("baggage", "k" + i + "=v");
      }
    });

    assertThat(status).isEqualTo(200);
    runtime.forceFlush(Duration.ofSeconds(5));
    assertThat(exporter.getFinishedSpanItems()).singleElement()
        .satisfies(span -> assertThat(span.getParentSpanContext().isValid()).isFalse());
  }

  @Test
  void apply_randomBinaryHeaders_alwaysAnswers200() throws Exception {
    Random random = new Random(424242);
    for (int i = 0; i < 300; i++) {
      char[] value = new char[random.nextInt(i % 30 == 0 ? 65536 : 256)];
      for (int c = 0; c < value.length; c++) {
        value[c] = (char) random.nextInt(i % 2 == 0 ? 0x80 : 0x10000);
      }
      String header = new String(value);
      int repeats = 1 + random.nextInt(5);

      int status = get(r -> {
        for (int k = 0; k < repeats; k++) {
          r.header("traceparent", header);
          r.header("tracestate", header);
          r.header("baggage", header);
        }
      });

      assertThat(status).as("request %d", i).isEqualTo(200);
    }
  }
}
