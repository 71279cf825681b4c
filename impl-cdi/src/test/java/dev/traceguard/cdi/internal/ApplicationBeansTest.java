package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.weld;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.api.spi.ErrorReport;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** Which beans the extension notes for the runtime, in a real Weld SE container. */
class ApplicationBeansTest {
  @Qualifier
  @Retention(RetentionPolicy.RUNTIME)
  public @interface Audit {}

  @ApplicationScoped
  public static class Listener implements ErrorListener {
    @Override
    public void onError(ErrorReport report) {}
  }

  /** Qualified: not one of the runtime's listeners, as before the beans were noted. */
  @ApplicationScoped
  @Audit
  public static class AuditListener implements ErrorListener {
    @Override
    public void onError(ErrorReport report) {}
  }

  @Test
  void exportersAndErrorListeners_theQualifiedExporterAndTheUnqualifiedListenersOnly() {
    try (WeldContainer container = weld(Listener.class, AuditListener.class, TestExporter.class).initialize()) {
      BeanManager manager = container.getBeanManager();
      ApplicationBeans beans = new ApplicationBeans();
      manager.getBeans(Object.class, Any.Literal.INSTANCE).forEach(beans::notice);

      List<ErrorListener> listeners = beans.errorListeners(manager);
      List<SpanExporter> exporters = beans.exporters(manager);

      assertThat(listeners).singleElement().satisfies(listener ->
          assertThat(listener.getClass().getName()).startsWith(Listener.class.getName()));
      assertThat(exporters).hasSize(1);
    }
  }
}
