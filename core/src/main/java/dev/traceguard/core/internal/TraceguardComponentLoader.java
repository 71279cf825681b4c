package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds OpenTelemetry components in the application's class loader as the SDK does, with two rules that make the
 * result independent of what else is on the class path:
 *
 * <ul>
 *   <li><b>Traceguard's HTTP sender for OTLP/HTTP.</b> {@link ThrottlingHttpSender} honours a receiver's {@code
 *       Retry-After}, which the SDK's senders ignore. It is the only HTTP sender offered, whatever else is on the
 *       class path: an application that exports over gRPC adds {@code opentelemetry-exporter-sender-okhttp}, which
 *       is an HTTP sender too, and given two the SDK logs a warning each time an exporter is built and takes
 *       whichever its hash map yields first. The SDK's own way to choose, the system property {@code
 *       io.opentelemetry.sdk.common.export.HttpSenderProvider}, is JVM-wide: in an application server it would
 *       choose for every application.
 *   <li><b>Traceguard's span exporter providers over the SDK's of the same name.</b> The SDK's autoconfigure keeps
 *       the last provider a name is registered by, in class-path order. The SDK's {@code zipkin} provider needs
 *       OkHttp, which Traceguard leaves out; Traceguard's sends through the JDK. Providers of other names, the
 *       application's own among them, are offered unchanged.
 * </ul>
 *
 * <p>With OkHttp on the class path, Traceguard's {@link ThrottlingGrpcSender} is the only gRPC sender offered,
 * for the same reason: it honours a receiver's retry delay. Without OkHttp, the gRPC senders found are offered.
 *
 * <p>Everything else (samplers, propagators, resource providers, customizers) is found by the
 * delegate unchanged. Each kind of component is looked up once per loader and the list kept: one loader serves one
 * SDK build, in which Traceguard's checks and the SDK's autoconfigure ask for the same kinds, and every look-up
 * scans every jar of the class path. Thread-safe when the delegate is.
 */
final class TraceguardComponentLoader implements ComponentLoader {
  private final ComponentLoader delegate;
  private final Map<Class<?>, List<?>> found = new ConcurrentHashMap<>();

  private TraceguardComponentLoader(ComponentLoader delegate) {
    this.delegate = delegate;
  }

  /** Returns a loader that finds components in {@code classLoader} by the rules above. */
  static ComponentLoader forClassLoader(ClassLoader classLoader) {
    return wrap(ComponentLoader.forClassLoader(requireNonNull(classLoader, "classLoader")));
  }

  /** Returns a loader that finds components with {@code delegate} by the rules above. */
  static ComponentLoader wrap(ComponentLoader delegate) {
    return new TraceguardComponentLoader(requireNonNull(delegate, "delegate"));
  }

  @Override
  @SuppressWarnings("unchecked") // each list holds instances of its key
  public <T> Iterable<T> load(Class<T> type) {
    return (List<T>) found.computeIfAbsent(type, this::find);
  }

  private <T> List<T> find(Class<T> type) {
    if (type == HttpSenderProvider.class) {
      return List.of(type.cast(new ThrottlingHttpSender.Provider()));
    }
    if (type == GrpcSenderProvider.class && okHttpPresent()) {
      return List.of(type.cast(new ThrottlingGrpcSender.Provider()));
    }
    if (type == ConfigurableSpanExporterProvider.class) {
      List<T> all = ComponentLoader.loadList(delegate, type);
      Set<String> ours = new HashSet<>();
      for (T provider : all) {
        if (isTraceguards(provider)) {
          ours.add(((ConfigurableSpanExporterProvider) provider).getName());
        }
      }
      List<T> kept = new ArrayList<>(all.size());
      for (T provider : all) {
        if (isTraceguards(provider) || !ours.contains(((ConfigurableSpanExporterProvider) provider).getName())) {
          kept.add(provider);
        }
      }
      return kept;
    }
    return ComponentLoader.loadList(delegate, type);
  }

  /** OkHttp visible to Traceguard's own class loader, which {@link ThrottlingGrpcSender} links against. */
  private static boolean okHttpPresent() {
    try {
      Class.forName("okhttp3.OkHttpClient", false, TraceguardComponentLoader.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static boolean isTraceguards(Object provider) {
    return provider.getClass().getPackageName().equals(TraceguardComponentLoader.class.getPackageName());
  }

  @Override
  public String toString() {
    return "TraceguardComponentLoader{" + delegate + '}';
  }
}
