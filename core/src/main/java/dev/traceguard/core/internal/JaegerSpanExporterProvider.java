package dev.traceguard.core.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The {@code jaeger} span exporter, {@code otel.traces.exporter=jaeger}: Jaeger's native protocols are retired and
 * the SDK no longer ships them, so this is the SDK's {@code otlp} exporter, configured by the same {@code
 * otel.exporter.otlp.*} keys, with a warning once per JVM saying so.
 */
public final class JaegerSpanExporterProvider implements ConfigurableSpanExporterProvider {
  /** The exporter's name in {@code otel.traces.exporter}: {@value}. */
  public static final String NAME = "jaeger";

  private static final Logger logger = Logger.getLogger(JaegerSpanExporterProvider.class.getName());
  // Once per JVM: the warning is about a choice of protocol, not about each application that makes it.
  static final AtomicBoolean warned = new AtomicBoolean();

  /** Called by the service loader. */
  public JaegerSpanExporterProvider() {}

  /**
   * {@inheritDoc}
   *
   * @throws ConfigurationException if the SDK's OTLP exporter is not on the class path
   */
  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    if (warned.compareAndSet(false, true)) {
      logger.warning("otel.traces.exporter=jaeger: Jaeger's native protocols are retired; Traceguard exports"
          + " OTLP instead. Point otel.exporter.otlp.endpoint at Jaeger's OTLP port (4318 for http/protobuf,"
          + " 4317 for grpc).");
    }
    for (ConfigurableSpanExporterProvider provider : providers(config)) {
      if (provider.getName().equals("otlp")) {
        return provider.createExporter(config);
      }
    }
    throw new ConfigurationException("otel.traces.exporter=jaeger needs io.opentelemetry:opentelemetry-exporter-otlp");
  }

  private static Iterable<ConfigurableSpanExporterProvider> providers(ConfigProperties config) {
    try {
      return config.getComponentLoader().load(ConfigurableSpanExporterProvider.class);
    } catch (LinkageError e) {
      // A server's older SDK (traceguard-all-mp on WildFly 39 has 1.48), whose ConfigProperties cannot tell its
      // loader yet: the application's, where the server's autoconfigure finds its providers too.
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      return ServiceLoader.load(ConfigurableSpanExporterProvider.class,
          context != null ? context : ConfigurableSpanExporterProvider.class.getClassLoader());
    }
  }

  @Override
  public String getName() {
    return NAME;
  }
}
