package dev.traceguard.jaxrs;

import dev.traceguard.core.TracingRuntime;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.test.TestProperties;
import org.junit.jupiter.api.AfterEach;

/**
 * A Jersey test on Grizzly at a free port of 127.0.0.1 whose application runs over a runtime of its own: the
 * subclass starts the runtime and builds the application, which this fixture stops after each test.
 */
abstract class RuntimeJerseyTest extends LoopbackJerseyTest {
  /** The runtime the subclass started for this test. */
  TracingRuntime runtime;

  /** Starts the test's runtime; {@code containerPort} is the port the server is about to bind. */
  abstract TracingRuntime startRuntime(int containerPort);

  /** The application the server runs, over {@code runtime}. */
  abstract ResourceConfig application(TracingRuntime runtime);

  @Override
  protected final Application configure() {
    int containerPort = LoopbackJerseyTest.freePort();
    forceSet(TestProperties.CONTAINER_PORT, Integer.toString(containerPort));
    runtime = startRuntime(containerPort);
    return application(runtime);
  }

  @AfterEach
  void stopRuntime() {
    runtime.shutdown(Duration.ofSeconds(5));
  }

  /** A new file for the {@code file} exporter, in a new temporary directory. */
  static Path spansFile(String prefix) {
    try {
      return Files.createTempDirectory(prefix).resolve("spans.jsonl");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
