package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds OpenTelemetry components as the SDK does, except that among the OTLP HTTP senders it offers only the JDK's.
 *
 * <p>Why: the OTLP/HTTP exporter finds its sender with {@link java.util.ServiceLoader}. Traceguard ships the JDK
 * sender ({@code opentelemetry-exporter-sender-jdk}), but an application that exports over gRPC adds {@code
 * opentelemetry-exporter-sender-okhttp}, which is an HTTP sender too. Given two, the SDK logs a warning each time an
 * exporter is built and takes whichever its hash map yields first, so the HTTP exporter's stack (and with it its
 * TLS, proxy and timeout behaviour) would depend on what else is on the classpath. The SDK's own way to choose, the
 * system property {@code io.opentelemetry.sdk.common.export.HttpSenderProvider}, is JVM-wide: in an application
 * server it would choose for every application, so Traceguard chooses per exporter instead. Everything else (the
 * gRPC sender, compressors) is found by the delegate unchanged, so gRPC still finds OkHttp.
 *
 * <p>When the JDK sender is absent (an application excluded it on purpose), every HTTP sender the delegate finds is
 * offered, and the SDK's own rules apply.
 *
 * <p>Thread-safe when the delegate is; {@link #load} returns a new list on each call for HTTP senders.
 */
final class JdkHttpSenderComponentLoader implements ComponentLoader {
  /** The JDK sender's provider, by name: the class is internal to OpenTelemetry and not referred to directly. */
  static final String JDK_HTTP_SENDER_PROVIDER = "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider";

  private final ComponentLoader delegate;

  private JdkHttpSenderComponentLoader(ComponentLoader delegate) {
    this.delegate = delegate;
  }

  /** Returns a loader that finds components in {@code classLoader}, preferring the JDK HTTP sender. */
  static ComponentLoader forClassLoader(ClassLoader classLoader) {
    return wrap(ComponentLoader.forClassLoader(requireNonNull(classLoader, "classLoader")));
  }

  /** Returns a loader that finds components with {@code delegate}, preferring the JDK HTTP sender. */
  static ComponentLoader wrap(ComponentLoader delegate) {
    return new JdkHttpSenderComponentLoader(requireNonNull(delegate, "delegate"));
  }

  @Override
  public <T> Iterable<T> load(Class<T> type) {
    if (type != HttpSenderProvider.class) {
      return delegate.load(type);
    }
    List<T> all = ComponentLoader.loadList(delegate, type);
    List<T> jdk = new ArrayList<>(1);
    for (T provider : all) {
      if (provider.getClass().getName().equals(JDK_HTTP_SENDER_PROVIDER)) {
        jdk.add(provider);
      }
    }
    return jdk.isEmpty() ? all : jdk;
  }

  @Override
  public String toString() {
    return "JdkHttpSenderComponentLoader{" + delegate + '}';
  }
}
