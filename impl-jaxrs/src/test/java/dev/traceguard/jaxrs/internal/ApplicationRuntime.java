package dev.traceguard.jaxrs.internal;

import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.spi.TracingRuntimeProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The fixture of the automatic client registration tests: one runtime with an in-memory exporter, answered as the
 * application's by a {@link TracingRuntimeProvider} that only a class loader made by {@link #loaderIn} lists, as the
 * CDI integration's would be in a deployment.
 */
final class ApplicationRuntime {
  static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
  static final TracingRuntime RUNTIME = TracingRuntime.create(
      TracingConfig.builder().setServiceName("auto-client").setExporters(List.of()).build(), List.of(EXPORTER));

  private ApplicationRuntime() {}

  /** Answers {@link #RUNTIME}; listed only by {@link #loaderIn}. */
  public static final class Answers implements TracingRuntimeProvider {
    @Override
    public Optional<TracingRuntime> runtime() {
      return Optional.of(RUNTIME);
    }
  }

  /** A class loader over {@code dir} whose services list {@link Answers}, child of {@code parent}. */
  static URLClassLoader loaderIn(Path dir, ClassLoader parent) throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.write(services.resolve(TracingRuntimeProvider.class.getName()), List.of(Answers.class.getName()));
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, parent);
  }

  /** The first span exported, waiting for it at most 10 s. */
  static SpanData firstSpan() {
    return await().atMost(Duration.ofSeconds(10)).until(() -> {
      RUNTIME.forceFlush(Duration.ofSeconds(5));
      return EXPORTER.getFinishedSpanItems();
    }, spans -> !spans.isEmpty()).get(0);
  }
}
