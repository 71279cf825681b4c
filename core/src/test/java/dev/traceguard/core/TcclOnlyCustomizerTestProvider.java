package dev.traceguard.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.resources.Resource;

/**
 * An {@link AutoConfigurationCustomizerProvider} registered nowhere on the test class path (see {@link
 * TcclOnlyExporterTestProvider}): it adds {@code customized.by=tccl-customizer} to the resource.
 */
public final class TcclOnlyCustomizerTestProvider implements AutoConfigurationCustomizerProvider {
  static final AttributeKey<String> CUSTOMIZED_BY = AttributeKey.stringKey("customized.by");

  /** Called by the service loader. */
  public TcclOnlyCustomizerTestProvider() {}

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addResourceCustomizer(
        (resource, config) -> resource.merge(Resource.create(
            io.opentelemetry.api.common.Attributes.of(CUSTOMIZED_BY, "tccl-customizer"))));
  }
}
