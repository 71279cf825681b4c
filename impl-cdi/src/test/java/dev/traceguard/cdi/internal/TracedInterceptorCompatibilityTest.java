package dev.traceguard.cdi.internal;

import dev.traceguard.core.TracingRuntime;
import dev.traceguard.tck.KitService;
import dev.traceguard.tck.TracedInterceptorCompatibilityKit;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.jboss.weld.environment.se.WeldContainer;

/** {@link TracedInterceptor} in a Weld SE container against the TCK's recording rules. */
// snippet:kit
class TracedInterceptorCompatibilityTest extends TracedInterceptorCompatibilityKit {

  @Override
  protected Deployment deploy(Class<? extends KitService> beanClass) {
    WeldContainer container = TestContainers.weld(beanClass).initialize();
    TestExporter exporter = container.select(TestExporter.class).get();
    TracingRuntime runtime = container.select(TracingRuntime.class).get();
    KitService service = container.select(KitService.class).get();
    return new Deployment() {
      @Override
      public KitService service() {
        return service;
      }

      @Override
      public List<SpanData> finishedSpans() {
        return exporter.spans(runtime);
      }

      @Override
      public void close() {
        container.shutdown();
      }
    };
  }
}
// end:kit
