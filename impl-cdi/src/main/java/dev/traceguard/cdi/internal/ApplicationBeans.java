package dev.traceguard.cdi.internal;

import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.cdi.TraceguardExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Decorator;
import jakarta.enterprise.inject.spi.Interceptor;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The application's beans that Traceguard hands its runtime, {@code @TraceguardExporter} exporters and {@link
 * ErrorListener}s: noted as the container announces each bean ({@code ProcessBean}), and created when the deployment
 * is validated.
 *
 * <p>Why noted rather than looked up: on GlassFish and Payara each archive of a WAR is a bean archive with a bean
 * manager of its own, and the one of Traceguard's jar, in {@code WEB-INF/lib}, does not see the beans of {@code
 * WEB-INF/classes} ({@code CDI.current()} cannot tell which archive's manager to give either, since Traceguard's
 * classes belong to several). Every archive's beans are announced to the extension, and the extension's manager
 * creates a reference to any bean it is handed. Not thread-safe: the container announces beans and validates the
 * deployment on one thread.
 */
final class ApplicationBeans {
  private final List<Bean<?>> exporters = new ArrayList<>();
  private final List<Bean<?>> errorListeners = new ArrayList<>();

  /** Notes {@code bean} if it is a {@code @TraceguardExporter} exporter or an error listener (of no qualifier). */
  void notice(Bean<?> bean) {
    if (bean instanceof Interceptor || bean instanceof Decorator) {
      return;
    }
    Set<Type> types = bean.getTypes();
    if (types.contains(ErrorListener.class) && bean.getQualifiers().contains(Default.Literal.INSTANCE)) {
      errorListeners.add(bean);
    }
    if (types.contains(SpanExporter.class) && bean.getQualifiers().contains(TraceguardExporter.Literal.INSTANCE)) {
      exporters.add(bean);
    }
  }

  /** The {@code @TraceguardExporter} exporters noted, in the order the container announced them. */
  List<SpanExporter> exporters(BeanManager manager) {
    return references(manager, exporters, SpanExporter.class);
  }

  /** The error listener beans noted, in the order the container announced them. */
  List<ErrorListener> errorListeners(BeanManager manager) {
    return references(manager, errorListeners, ErrorListener.class);
  }

  private static <T> List<T> references(BeanManager manager, List<Bean<?>> beans, Class<T> type) {
    List<T> references = new ArrayList<>(beans.size());
    for (Bean<?> bean : beans) {
      references.add(type.cast(manager.getReference(bean, type, manager.createCreationalContext(bean))));
    }
    return references;
  }
}
