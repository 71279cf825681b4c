package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.batchWorker;
import static dev.traceguard.cdi.internal.TestContainers.liveThreadNames;
import static dev.traceguard.cdi.internal.TestContainers.weld;
import static dev.traceguard.cdi.internal.TestContainers.withConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** The runtime's life cycle in real Weld SE containers, started and stopped by each test. */
class TraceguardExtensionTest {
  // The rule as users read it in the message; asserted literally, not taken from the code under test.
  private static final String DURATION_RULE =
      "a positive duration: whole milliseconds, or a whole number followed by ms, s, m, h or d";


  @Test
  void containerStart_runtimeRunning_andShutdownStopsItAndItsExporters() {
    WeldContainer container = weld(Work.class).initialize();
    TracingRuntime runtime = container.select(TracingRuntime.class).get();
    TestExporter exporter = container.select(TestExporter.class).get();

    assertThat(runtime.isRunning()).isTrue();
    container.shutdown();

    assertThat(runtime.isRunning()).isFalse();
    assertThat(exporter.shutdowns()).isEqualTo(1);
  }

  @Test
  void applicationObserverOfInitialized_tracedCall_isExported() {
    WeldContainer container = weld(StartupWork.class, Work.class).initialize();
    try {
      TestExporter exporter = container.select(TestExporter.class).get();
      TracingRuntime runtime = container.select(TracingRuntime.class).get();
      assertThat(exporter.spans(runtime)).extracting(SpanData::getName).containsExactly("Work.run");
    } finally {
      container.shutdown();
    }
  }

  @Test
  void shutdown_spansStillQueued_areExportedBeforeTheRuntimeStops() throws Exception {
    // A schedule delay longer than the test takes up to the shutdown: only the shutdown's flush can export these
    // spans. (Not longer: the SDK's worker thread may outlive the shutdown by up to one schedule delay.)
    WeldContainer container =
        withConfig(Map.of("otel.bsp.schedule.delay", "5s"), () -> weld(Work.class, Closer.class).initialize());
    Work work = container.select(Work.class).get();
    TestExporter exporter = container.select(TestExporter.class).get();
    container.select(Closer.class).get().touch();

    work.run(1);
    work.run(2);
    work.run(3);
    assertThat(exporter.exported()).isEmpty();
    container.shutdown();

    assertThat(exporter.exported()).extracting(SpanData::getName)
        .containsExactly("Work.run", "Work.run", "Work.run", "Closer.close");
    await().pollInSameThread().atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(liveThreadNames()).noneMatch(batchWorker()));
  }

  @Test
  void redeploy_severalTimesInOneJvm_leavesNoThreadBehind() {
    cycle(); // the first container may start JVM-wide threads (the common fork-join pool); later ones must not
    Set<String> baseline = liveThreadNames();

    for (int i = 0; i < 4; i++) {
      cycle();
    }

    await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Set<String> added = new HashSet<>(liveThreadNames());
      added.removeAll(baseline);
      assertThat(added).allMatch(name -> name.startsWith("ForkJoinPool.commonPool-worker"));
    });
  }

  private static void cycle() {
    WeldContainer container = weld(Work.class).initialize();
    try {
      container.select(Work.class).get().run(0);
      assertThat(liveThreadNames()).anyMatch(batchWorker());
    } finally {
      container.shutdown();
    }
    // The worker exits after the shutdown's final export; allow it one schedule delay (50 ms in the tests).
    await().pollInSameThread().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(liveThreadNames()).noneMatch(batchWorker()));
  }

  @Test
  void invalidConfiguration_containerStart_failsNamingEveryBadProperty() {
    Set<String> before = liveThreadNames();

    assertThatThrownBy(() -> withConfig(
        Map.of(
            "otel.traces.sampler.arg", "2",
            "otel.bsp.max.queue.size", "-1",
            "traceguard.shutdown.timeout", "soon"),
        () -> weld(Work.class).initialize()))
        .isInstanceOf(DeploymentException.class)
        .cause()
        .isInstanceOf(TraceguardConfigurationException.class)
        .hasMessageContainingAll(
            "Invalid Traceguard configuration (3 problems)",
            "otel.traces.sampler.arg='2'",
            "otel.bsp.max.queue.size='-1'",
            "traceguard.shutdown.timeout='soon': must be " + DURATION_RULE);
    assertThat(liveThreadNames()).noneMatch(batchWorker());
    assertThat(liveThreadNames()).containsAll(before.stream().filter(batchWorker().negate()).toList());
  }

  @Test
  void blankSpanAttributeKey_containerStart_failsWithADefinitionError() {
    assertThatThrownBy(() -> weld(BlankKey.class).initialize())
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("@SpanAttribute on parameter 0 of")
        .hasMessageContaining("BlankKey.handle(java.lang.String) must name a non-blank attribute key, was ' '");
  }

  @Test
  void shutdownTimeoutProperty_set_isUsed() throws Exception {
    WeldContainer container =
        withConfig(Map.of("traceguard.shutdown.timeout", "250ms"), () -> weld(Work.class).initialize());
    try {
      assertThat(container.select(TraceguardExtension.class).get().shutdownTimeout())
          .isEqualTo(Duration.ofMillis(250));
    } finally {
      container.shutdown();
    }
  }

  @Test
  void shutdownTimeoutProperty_unset_isTenSeconds() {
    WeldContainer container = weld(Work.class).initialize();
    try {
      assertThat(container.select(TraceguardExtension.class).get().shutdownTimeout())
          .isEqualTo(Duration.ofSeconds(10));
    } finally {
      container.shutdown();
    }
  }

  @Test
  void disabledConfiguration_tracedMethod_runsWithoutSpanOrThread() throws Exception {
    WeldContainer container = withConfig(Map.of("otel.sdk.disabled", "true"), () -> weld(Work.class).initialize());
    try {
      TracingRuntime runtime = container.select(TracingRuntime.class).get();

      assertThat(container.select(Work.class).get().run(5)).isEqualTo(10);

      assertThat(runtime.config().isEnabled()).isFalse();
      assertThat(container.select(TestExporter.class).get().spans(runtime)).isEmpty();
      assertThat(liveThreadNames()).noneMatch(batchWorker());
    } finally {
      container.shutdown();
    }
  }

  @Test
  void runtime_beforeDeploymentValidation_isNotAvailable() {
    TraceguardExtension extension = new TraceguardExtension();

    assertThat(extension.runtimeForCalls()).isNull();
    assertThatThrownBy(extension::runtime)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Traceguard's runtime is created when the deployment is validated; it is not available before");
  }

  @ApplicationScoped
  @Traced
  static class Work {
    int run(int n) {
      return 2 * n;
    }
  }

  @ApplicationScoped
  static class StartupWork {
    @Inject Work work;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
      work.run(1);
    }
  }

  /** Traces in its {@code @PreDestroy}, which runs while the application context is destroyed. */
  @ApplicationScoped
  static class Closer {
    @Inject TracingRuntime runtime;

    void touch() {}

    @PreDestroy
    void close() {
      runtime.tracer().spanBuilder("Closer.close").startSpan().end();
    }
  }

  @ApplicationScoped
  static class BlankKey {
    @Traced
    void handle(@SpanAttribute(" ") String value) {}
  }

  /**
   * Weld ignores an extension class it cannot introspect, and a server without OpenTelemetry (traceguard-all-mp on
   * WildFly with telemetry off) hides every OpenTelemetry type from the application: then no Traceguard bean would
   * resolve, and the deployment fails instead of logging one WARNING. Lambdas count: their synthetic methods are
   * declared members too.
   */
  @Test
  void declaredMembers_nameNoOpenTelemetryType() {
    Set<String> named = new HashSet<>();
    for (java.lang.reflect.Method method : TraceguardExtension.class.getDeclaredMethods()) {
      named.add(method.getReturnType().getName());
      for (Class<?> parameter : method.getParameterTypes()) {
        named.add(parameter.getName());
      }
    }
    for (java.lang.reflect.Constructor<?> constructor : TraceguardExtension.class.getDeclaredConstructors()) {
      for (Class<?> parameter : constructor.getParameterTypes()) {
        named.add(parameter.getName());
      }
    }
    for (java.lang.reflect.Field field : TraceguardExtension.class.getDeclaredFields()) {
      named.add(field.getType().getName());
    }

    assertThat(named).noneMatch(type -> type.startsWith("io.opentelemetry."));
  }
}
