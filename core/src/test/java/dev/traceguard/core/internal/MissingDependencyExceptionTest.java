package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An exporter whose optional dependency is missing fails start-up naming the property, its value and the jar. */
class MissingDependencyExceptionTest {
  private static final String ZIPKIN_RULE = "otel.traces.exporter='zipkin': needs"
      + " io.opentelemetry:opentelemetry-exporter-zipkin and io.zipkin.reporter2:zipkin-sender-urlconnection on the"
      + " class path (docs/exporters.md)";

  @Test
  void createExporter_zipkinClassesMissing_namesBothArtifacts() {
    ZipkinSpanExporterProvider provider = new ZipkinSpanExporterProvider(List.of("no.such.ZipkinSpanExporter"));

    assertThatThrownBy(() -> provider.createExporter(DefaultConfigProperties.createFromMap(Map.of())))
        .isInstanceOf(MissingDependencyException.class)
        .hasMessage(ZIPKIN_RULE);
  }

  @Test
  void createExporter_zipkinPresent_buildsTheExporter() {
    var exporter = new ZipkinSpanExporterProvider().createExporter(DefaultConfigProperties.createFromMap(Map.of()));

    assertThat(exporter).hasToString("ZipkinSpanExporter{endpoint=" + ZipkinSpanExporterProvider.DEFAULT_ENDPOINT + '}');
    exporter.shutdown();
  }

  @Test
  void rewrap_missingDependencyAsCause_reportsItsRuleAlone() {
    var wrapped = new ConfigurationException("Unexpected configuration error",
        new MissingDependencyException("otel.traces.exporter", "zipkin",
            "io.opentelemetry:opentelemetry-exporter-zipkin and io.zipkin.reporter2:zipkin-sender-urlconnection"));

    assertThat(AutoconfiguredSdk.rewrap(Map.of(), wrapped).problems()).containsExactly(ZIPKIN_RULE);
  }

  @Test
  void rewrap_prometheusUnrecognized_namesTheExporterArtifact() {
    var unrecognized = new ConfigurationException("Unrecognized value for otel.metrics.exporter: prometheus");

    assertThat(AutoconfiguredSdk.rewrap(Map.of(), unrecognized).problems()).containsExactly(
        "otel.metrics.exporter='prometheus': needs io.opentelemetry:opentelemetry-exporter-prometheus on the class"
            + " path (docs/exporters.md)");
  }

  @Test
  void present_loadableOrNot_answersWithoutThrowing() {
    assertThat(MissingDependencyException.present("java.lang.String", null)).isTrue();
    assertThat(MissingDependencyException.present("no.such.Type", getClass().getClassLoader())).isFalse();
  }
}
