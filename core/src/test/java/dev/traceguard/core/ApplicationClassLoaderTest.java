package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's providers are looked for with the class loader of the thread that creates the runtime (an
 * application's, in a server), not with the one that loaded Traceguard: a span exporter provider and an {@code
 * AutoConfigurationCustomizerProvider} that only the creating thread's loader lists are found and used.
 */
class ApplicationClassLoaderTest {
  @TempDir Path services;

  private final TracingConfig config = TracingConfig.from(PropertySource.fromMap(Map.of(
      "otel.service.name", "tccl-test",
      "otel.traces.exporter", TcclOnlyExporterTestProvider.NAME)));

  @AfterEach
  void forget() {
    TcclOnlyExporterTestProvider.EXPORTED.reset();
  }

  /** A loader over the test class path that also lists the two providers for the service loader. */
  private ClassLoader applicationLoader() throws IOException {
    Path dir = Files.createDirectories(services.resolve("META-INF/services"));
    Files.writeString(dir.resolve("io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider"),
        TcclOnlyExporterTestProvider.class.getName() + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider"),
        TcclOnlyCustomizerTestProvider.class.getName() + "\n", StandardCharsets.UTF_8);
    return new URLClassLoader(new URL[] {services.toUri().toURL()}, getClass().getClassLoader());
  }

  private TracingRuntime createWith(ClassLoader loader) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return TracingRuntime.create(config);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Test
  void start_providersListedOnlyByTheCreatingThreadsLoader_areFoundAndUsed() throws IOException {
    TracingRuntime runtime = createWith(applicationLoader());
    try {
      // Started on a thread whose context loader is the test's: the loader of creation is the one that counts.
      runtime.start();
      runtime.tracer().spanBuilder("through-the-application-loader").startSpan().end();
      assertThat(runtime.forceFlush(Duration.ofSeconds(10))).isTrue();
    } finally {
      runtime.shutdown(Duration.ofSeconds(10));
    }

    List<SpanData> spans = TcclOnlyExporterTestProvider.EXPORTED.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("through-the-application-loader");
    assertThat(spans.get(0).getResource().getAttribute(TcclOnlyCustomizerTestProvider.CUSTOMIZED_BY))
        .isEqualTo("tccl-customizer");
  }

  @Test
  void start_sameNameWithoutTheApplicationsLoader_failsNamingIt() {
    TracingRuntime runtime = createWith(getClass().getClassLoader());

    assertThatThrownBy(runtime::start)
        .isInstanceOfSatisfying(TraceguardConfigurationException.class, e -> assertThat(e.problems())
            .singleElement().asString()
            .startsWith("otel.traces.exporter='tccl-only': tccl-only is not a span exporter on the application's"
                + " class path"));
    assertThat(runtime.isRunning()).isFalse();
  }
}
