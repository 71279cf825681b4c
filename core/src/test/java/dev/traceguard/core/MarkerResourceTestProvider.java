package dev.traceguard.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.resources.Resource;

/**
 * A test-only resource provider, registered in {@code META-INF/services}, adding {@code test.resource=yes} to the
 * resource of a runtime whose {@code otel.service.name} is {@value #SERVICE_NAME}. Every other runtime (this test
 * jar is on other modules' test class paths too) gets nothing from it.
 */
public final class MarkerResourceTestProvider implements ResourceProvider {
  static final String SERVICE_NAME = "autoconfigure-providers-test";
  static final AttributeKey<String> TEST_RESOURCE = AttributeKey.stringKey("test.resource");

  /** Called by the service loader. */
  public MarkerResourceTestProvider() {}

  @Override
  public Resource createResource(ConfigProperties config) {
    return SERVICE_NAME.equals(config.getString("otel.service.name"))
        ? Resource.create(Attributes.of(TEST_RESOURCE, "yes"))
        : Resource.empty();
  }
}
