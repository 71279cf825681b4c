package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.Traced;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Extension;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * The jar as an application gets it: the extension found through its service file, the interceptor and producers
 * through its {@code beans.xml}, nothing registered by hand.
 */
class DefaultDiscoveryTest {

  @Test
  void discovery_jarOnTheClassPath_extensionInterceptorAndProducersFound() {
    WeldContainer container = new Weld().addBeanClasses(Discovered.class, TestExporter.class).initialize();
    try {
      assertThat(container.select(Extension.class).stream().filter(TraceguardExtension.class::isInstance))
          .hasSize(1);
      assertThat(container.select(Tracer.class).isResolvable()).isTrue();
      TracingRuntime runtime = container.select(TracingRuntime.class).get();

      container.select(Discovered.class).get().call();

      assertThat(container.select(TestExporter.class).get().spans(runtime))
          .extracting(SpanData::getName).containsExactly("Discovered.call");
    } finally {
      container.shutdown();
    }
  }

  @ApplicationScoped
  @Traced
  static class Discovered {
    void call() {}
  }
}
