package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shutdown after the application's class loader has stopped, as Payara stops a web application's class loader before
 * CDI's {@code BeforeShutdown} (seen on a Payara Micro reload). Nothing the shutdown needs may then be loaded for the
 * first time: a refused class used to abort the shutdown halfway, and the SDK's export threads, holding the OTLP
 * encoder in a thread-local, outlived the application. The application runs first, as on a server, so that the export
 * path is loaded; the loader then refuses every class it has not loaded yet, as a stopped web class loader does. An
 * exporter that never delivered may still need a class of the SDK's metrics at shutdown for the first time: the
 * shutdown then skips what needs it, logs it, and still ends its threads.
 */
class StoppedClassLoaderTest {
  @TempDir Path tempDir;

  @ParameterizedTest
  @ValueSource(strings = {"file", "otlp", "zipkin"})
  void shutdown_classLoaderStoppedFirst_noThreadKeepsTheLoader(String exporter) throws Exception {
    Path file = tempDir.resolve("spans.jsonl");
    try (StoppingClassLoader loader = new StoppingClassLoader()) {
      Class<?> scenario = loader.loadClass(Scenario.class.getName());
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader); // the application's threads inherit it, as on a server
      Object runtime;
      try {
        runtime = scenario.getMethod("startAndTrace", String.class, Path.class, int.class)
            .invoke(null, exporter, file, closedPort());
      } finally {
        thread.setContextClassLoader(previous);
      }

      loader.stop();
      Object delivered = scenario.getMethod("shutdown", Object.class).invoke(null, runtime);

      if (exporter.equals("file")) {
        // An application whose exports worked has loaded all its shutdown needs.
        assertThat(loader.refused).as("classes first needed after the loader stopped").isEmpty();
      }
      runtime = null;
      // The JDK HTTP client's selector thread (OTLP) ends once its client is unreachable, at the next collection.
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        System.gc();
        assertThat(threadsHolding(loader)).as("threads whose context class loader is the application's").isEmpty();
      });
      if (exporter.equals("file")) {
        assertThat(delivered).isEqualTo(true);
        assertThat(Files.readString(file)).contains("after-start").contains("before-stop");
      } else {
        assertThat(delivered).as("nothing reached the closed port").isEqualTo(false);
      }
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<Thread> threadsHolding(ClassLoader loader) {
    List<Thread> holding = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getContextClassLoader() == loader) {
        holding.add(thread);
      }
    }
    return holding;
  }

  /** Runs inside the stopping loader: an application's runtime, started and used, later shut down. */
  public static final class Scenario {
    private Scenario() {}

    /** Starts a runtime exporting to {@code exporter}, exports three spans on schedule, then ends one, left queued. */
    public static Object startAndTrace(String exporter, Path file, int closedPort) throws Exception {
      TracingRuntime runtime = TracingRuntime.create(dev.traceguard.api.TracingConfig.builder()
          .setServiceName("stopped-loader")
          .setExporters(List.of(exporter))
          .setFilePath(file)
          .setOtlpEndpoint("http://127.0.0.1:" + closedPort)
          .setSdkProperty("otel.exporter.zipkin.endpoint", "http://127.0.0.1:" + closedPort + "/api/v2/spans")
          .setOtlpMaxAttempts(1)
          .setRetryInitialBackoff(Duration.ofMillis(50))
          .setScheduleDelay(Duration.ofMillis(200))
          .build()).start();
      // The application has run: its spans went out on the batch processor's schedule, as they do on a server.
      for (int round = 0; round < 3; round++) {
        String name = "after-start-" + round;
        runtime.tracer().spanBuilder(name).startSpan().end();
        if (exporter.equals("file")) {
          await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.readString(file).contains(name));
        } else { // nothing answers: a few scheduled attempts fail and retries are scheduled
          await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(10)).until(() -> true);
        }
      }
      runtime.tracer().spanBuilder("before-stop").startSpan().end();
      return runtime;
    }

    /** Shuts the runtime down; returns whether it reported everything delivered and stopped in time. */
    public static Object shutdown(Object runtime) {
      return ((TracingRuntime) runtime).shutdown(Duration.ofSeconds(5));
    }
  }

  /**
   * Defines the class path's classes itself (the JDK's come from the platform) and, once stopped, refuses any class
   * it has not loaded yet, as a web container's application class loader does after the application stops.
   */
  private static final class StoppingClassLoader extends URLClassLoader {
    final List<String> refused = new ArrayList<>();
    private volatile boolean stopped;

    StoppingClassLoader() throws MalformedURLException {
      super(classPath(), ClassLoader.getPlatformClassLoader());
    }

    void stop() {
      stopped = true;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (stopped && findLoadedClass(name) == null) {
          synchronized (refused) {
            refused.add(name);
          }
          throw new IllegalStateException("This application's class loader has stopped: " + name);
        }
        return super.loadClass(name, resolve);
      }
    }

    private static URL[] classPath() throws MalformedURLException {
      String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
      URL[] urls = new URL[entries.length];
      for (int i = 0; i < entries.length; i++) {
        urls[i] = Path.of(entries[i]).toUri().toURL();
      }
      return urls;
    }
  }
}
