package dev.traceguard.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolVersionsTest {

  @ParameterizedTest
  @CsvSource({"HTTP/1.0, 1.0", "HTTP/1.1, 1.1", "http/1.1, 1.1", "HTTP/2.0, 2", "HTTP/2, 2", "HTTP/3, 3",
      "HTTP/3.0, 3"})
  void of_httpProtocol_semanticConventionVersion(String protocol, String version) {
    assertThat(ProtocolVersions.of(protocol)).isEqualTo(version);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "HTTP/", "HTTP/0.9", "HTTP/1.2", "SPDY/3", "HTTPS/1.1", "1.1"})
  void of_unknownOrMalformed_null(String protocol) {
    assertThat(ProtocolVersions.of(protocol)).isNull();
  }
}
