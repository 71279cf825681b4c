package dev.traceguard.cdi.internal;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.ExportMasking;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts Traceguard's masking in front of every span and log record exporter of the server's own OpenTelemetry SDK,
 * so that what the server exports (its SERVER and CLIENT spans, with {@code url.query} and headers, as well as
 * Traceguard's) leaves the process masked as Traceguard's own export would: {@code traceguard.pii.*} and the HTTP
 * redaction that cannot be turned off ({@link ExportMasking}), and each failure with one exception event ({@link
 * RestatedExceptions}). It also adds the processor through which the application's {@code @TraceguardExporter} beans
 * receive the server's spans ({@link ApplicationExporters}).
 *
 * <p>Listed only in {@code traceguard-all-mp}'s {@code META-INF/services}: the server's autoconfigure finds it in
 * the application's class loader (WildFly and Open Liberty build one SDK per application that way). Traceguard's
 * own SDK masks its exporters itself and never loads this class.
 *
 * <p>The settings are read from the server's configuration, then from the application's MicroProfile Config: servers
 * hand autoconfigure their {@code otel.*} properties only, so this customizer also adds the application's {@code
 * traceguard.*} ones to the server's configuration, for Traceguard's exporters on it ({@code file}'s path). An invalid setting fails the server's SDK, and
 * with it the deployment, naming every bad property. Public with a public no-argument constructor only because the
 * service loader needs them; not an API.
 */
public final class ServerExportMasking implements AutoConfigurationCustomizerProvider {

  /** Created by the server's autoconfigure, through the service loader. */
  public ServerExportMasking() {}

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    // Looked up once: the server builds the application's SDK on one thread, whose context class loader is the
    // application's.
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    PropertySource application = ConfigSources.forClassLoader(
        context != null ? context : ServerExportMasking.class.getClassLoader());
    customizer.addPropertiesCustomizer(properties -> traceguardProperties(properties, application));
    customizer.addSpanExporterCustomizer(
        (exporter, properties) ->
            ExportMasking.spans(RestatedExceptions.leftOut(exporter), config(properties, application)));
    customizer.addLogRecordExporterCustomizer(
        (exporter, properties) -> ExportMasking.logRecords(exporter, config(properties, application)));
    customizer.addTracerProviderCustomizer(
        (builder, properties) -> builder.addSpanProcessor(ApplicationExporters.forServerSdk()));
  }

  /**
   * The application's {@code traceguard.*} settings the server's configuration lacks, added to it so that
   * Traceguard's providers on the server's SDK (the {@code file} exporter's path) read them: servers hand
   * autoconfigure their {@code otel.*} properties only.
   */
  static Map<String, String> traceguardProperties(ConfigProperties properties, PropertySource application) {
    Map<String, String> added = new HashMap<>();
    for (String name : application.names()) {
      if (name.startsWith("traceguard.") && properties.getString(name) == null) {
        application.get(name).ifPresent(value -> added.put(name, value));
      }
    }
    return added;
  }

  /**
   * Traceguard's configuration as the server's SDK sees it, completed by the application's own.
   *
   * @throws ConfigurationException naming every invalid property, as the server's autoconfigure reports its own
   */
  static TracingConfig config(ConfigProperties properties, PropertySource application) {
    PropertySource server = name -> Optional.ofNullable(properties.getString(name));
    try {
      return TracingConfig.from(PropertySource.composite(server, application));
    } catch (TraceguardConfigurationException e) {
      // Autoconfigure passes its own exception on as it is, and hides any other behind "Unexpected configuration
      // error".
      throw new ConfigurationException(e.getMessage(), e);
    }
  }
}
