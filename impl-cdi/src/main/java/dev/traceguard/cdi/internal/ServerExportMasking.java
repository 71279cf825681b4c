package dev.traceguard.cdi.internal;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.ExportMasking;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.Optional;

/**
 * Puts Traceguard's masking in front of every span and log record exporter of the server's own OpenTelemetry SDK,
 * so that what the server exports (its SERVER and CLIENT spans, with {@code url.query} and headers, as well as
 * Traceguard's) leaves the process masked as Traceguard's own export would: {@code traceguard.pii.*} and the HTTP
 * redaction that cannot be turned off ({@link ExportMasking}).
 *
 * <p>Listed only in {@code traceguard-all-mp}'s {@code META-INF/services}: the server's autoconfigure finds it in
 * the application's class loader (WildFly and Open Liberty build one SDK per application that way). Traceguard's
 * own SDK masks its exporters itself and never loads this class.
 *
 * <p>The settings are read from the server's configuration, then from the application's MicroProfile Config (the
 * server may hand autoconfigure its {@code otel.*} properties only). An invalid setting fails the server's SDK, and
 * with it the deployment, naming every bad property. Public with a public no-argument constructor only because the
 * service loader needs them; not an API.
 */
public final class ServerExportMasking implements AutoConfigurationCustomizerProvider {

  /** Created by the server's autoconfigure, through the service loader. */
  public ServerExportMasking() {}

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addSpanExporterCustomizer((exporter, properties) -> ExportMasking.spans(exporter, config(properties)));
    customizer.addLogRecordExporterCustomizer(
        (exporter, properties) -> ExportMasking.logRecords(exporter, config(properties)));
  }

  /**
   * Traceguard's configuration as the server's SDK sees it, completed by the application's own.
   *
   * @throws ConfigurationException naming every invalid property, as the server's autoconfigure reports its own
   */
  static TracingConfig config(ConfigProperties properties) {
    PropertySource server = name -> Optional.ofNullable(properties.getString(name));
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader application = context != null ? context : ServerExportMasking.class.getClassLoader();
    try {
      return TracingConfig.from(PropertySource.composite(server, ConfigSources.forClassLoader(application)));
    } catch (TraceguardConfigurationException e) {
      // Autoconfigure passes its own exception on as it is, and hides any other behind "Unexpected configuration
      // error".
      throw new ConfigurationException(e.getMessage(), e);
    }
  }
}
