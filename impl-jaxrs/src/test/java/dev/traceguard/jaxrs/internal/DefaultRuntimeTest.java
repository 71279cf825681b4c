package dev.traceguard.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.RecordingLogHandler;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.spi.TracingRuntimeProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime of a feature created without one: a provider's when one answers, else the class loader's own. */
class DefaultRuntimeTest {
  private static final String SERVICE_FILE = "META-INF/services/" + TracingRuntimeProvider.class.getName();
  private static final TracingRuntime FIRST = TracingRuntime.create(TracingConfig.disabled());
  private static final TracingRuntime SECOND = TracingRuntime.create(TracingConfig.disabled());

  private static final String MISSING = "dev.traceguard.jaxrs.internal.NoSuchProvider";

  @TempDir
  Path dir;

  private final Logger logger = Logger.getLogger(DefaultRuntime.class.getName());
  private final RecordingLogHandler capture = new RecordingLogHandler();
  private final List<LogRecord> logged = capture.records();

  @BeforeEach
  void captureLog() {
    logger.addHandler(capture);
    logger.setUseParentHandlers(false);
  }

  @AfterEach
  void releaseLog() {
    logger.removeHandler(capture);
    logger.setUseParentHandlers(true);
  }

  @Test
  void provided_noProviderRegistered_empty() throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
      assertThat(DefaultRuntime.provided(loader)).isEmpty();
    }
  }

  @Test
  void get_severalProviders_firstAnswerWinsAndUnloadableOnesAreSkipped() throws IOException {
    try (URLClassLoader loader = providers(Silent.class.getName(), MISSING, AnswersFirst.class.getName(),
        AnswersSecond.class.getName())) {
      assertThat(DefaultRuntime.get(loader)).isSameAs(FIRST);
    }
    assertThat(logged).singleElement().satisfies(record -> {
      assertThat(record.getLevel()).isEqualTo(Level.WARNING);
      assertThat(record.getMessage()).isEqualTo("Traceguard skipped a TracingRuntimeProvider it could not load");
      assertThat(record.getThrown()).hasMessageContaining(MISSING);
    });
  }

  @Test
  void get_noProviderAnswers_oneFallbackRuntimePerClassLoaderStarted() throws IOException {
    try (URLClassLoader silent = providers(Silent.class.getName());
        URLClassLoader none = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
      TracingRuntime fallback = DefaultRuntime.get(silent);

      assertThat(fallback).isNotSameAs(FIRST).isNotSameAs(SECOND).isSameAs(DefaultRuntime.get(none));
      assertThat(fallback.isRunning()).isTrue();
    }
  }

  @Test
  void get_contextClassLoaderSeesAProvider_itsAnswerUsed() throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader loader = providers(AnswersSecond.class.getName())) {
      thread.setContextClassLoader(loader);
      assertThat(DefaultRuntime.get()).isSameAs(SECOND);
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  @Test
  void get_noContextClassLoader_libraryClassLoaderAsked() throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader none = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
      thread.setContextClassLoader(null);
      // This module's test class path has no provider, so the library's class loader gives the fallback.
      assertThat(DefaultRuntime.get()).isSameAs(DefaultRuntime.get(none));
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  @Test
  void provided_endlesslyUnloadableProviders_searchEnds() throws IOException {
    List<String> names = new ArrayList<>(Collections.nCopies(DefaultRuntime.MAX_UNLOADABLE_PROVIDERS, MISSING));
    names.add(AnswersFirst.class.getName());
    // Distinct names, as the service loader drops a repeated one.
    for (int i = 0; i < names.size() - 1; i++) {
      names.set(i, names.get(i) + i);
    }
    try (URLClassLoader loader = providers(names.toArray(String[]::new))) {
      assertThat(DefaultRuntime.provided(loader)).isEmpty();
    }
    assertThat(logged).hasSize(DefaultRuntime.MAX_UNLOADABLE_PROVIDERS);
  }

  /** A class loader over the test's classes that also sees a service file listing {@code providerNames}. */
  private URLClassLoader providers(String... providerNames) throws IOException {
    Path file = dir.resolve(SERVICE_FILE);
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(providerNames));
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  /** Knows no runtime. */
  public static final class Silent implements TracingRuntimeProvider {
    @Override
    public Optional<TracingRuntime> runtime() {
      return Optional.empty();
    }
  }

  /** Knows {@link #FIRST}. */
  public static final class AnswersFirst implements TracingRuntimeProvider {
    @Override
    public Optional<TracingRuntime> runtime() {
      return Optional.of(FIRST);
    }
  }

  /** Knows {@link #SECOND}. */
  public static final class AnswersSecond implements TracingRuntimeProvider {
    @Override
    public Optional<TracingRuntime> runtime() {
      return Optional.of(SECOND);
    }
  }
}
