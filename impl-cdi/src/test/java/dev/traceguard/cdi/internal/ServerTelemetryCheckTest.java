package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PropertySource;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerTelemetryCheckTest {
  private static final PropertySource SERVER_SDK_ON = PropertySource.fromMap(Map.of("otel.sdk.disabled", " False "));

  /** A class loader with an OpenTelemetry API of its own, as a server with MicroProfile Telemetry gives. */
  private final URLClassLoader serverApi = new URLClassLoader(
      new URL[] {OpenTelemetry.class.getProtectionDomain().getCodeSource().getLocation()},
      ClassLoader.getPlatformClassLoader());

  @AfterEach
  void close() throws Exception {
    serverApi.close();
    System.clearProperty("jboss.home.dir");
  }

  @Test
  void warning_serverApiAndSdkSwitchedOn_namesWhatGoesWrongAndTheWayOut() {
    System.setProperty("jboss.home.dir", "/opt/wildfly");

    assertThat(ServerTelemetryCheck.warning(SERVER_SDK_ON, serverApi)).hasValueSatisfying(warning -> assertThat(warning)
        .startsWith("WildFly's own MicroProfile Telemetry is on for this application (otel.sdk.disabled=false)")
        .contains("two SERVER spans", "replaces the traceparent", "without Traceguard's masking",
            "Leave otel.sdk.disabled unset", "deploy traceguard-all-mp instead"));
  }

  @Test
  void warning_sdkSwitchSetTrueOrUnset_none() {
    assertThat(ServerTelemetryCheck.warning(PropertySource.fromMap(Map.of("otel.sdk.disabled", "true")), serverApi))
        .isEmpty();
    assertThat(ServerTelemetryCheck.warning(PropertySource.fromMap(Map.of()), serverApi)).isEmpty();
  }

  @Test
  void warning_theApplicationsApiIsTraceguardsOwn_none() {
    assertThat(ServerTelemetryCheck.warning(SERVER_SDK_ON, getClass().getClassLoader())).isEmpty();
  }

  @Test
  void warning_noOpenTelemetryApiVisible_none() throws Exception {
    try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
      assertThat(ServerTelemetryCheck.warning(SERVER_SDK_ON, bare)).isEmpty();
    }
  }

  @Test
  void warning_configurationThatThrows_none() {
    PropertySource broken = name -> {
      throw new IllegalStateException("unreadable");
    };

    assertThat(ServerTelemetryCheck.warning(broken, serverApi)).isEmpty();
  }

  @Test
  void serverName_eachServersProperty_namesIt() {
    assertThat(ServerTelemetryCheck.serverName()).isEqualTo("The server");
    System.setProperty("jboss.home.dir", "/opt/wildfly");
    assertThat(ServerTelemetryCheck.serverName()).isEqualTo("WildFly");
  }

  @Test
  void apiClass_isTheApisName() {
    assertThat(ServerTelemetryCheck.API_CLASS).isEqualTo(OpenTelemetry.class.getName());
  }

  @Test
  void offWarning_serverSdkSwitchedOn_none() {
    assertThat(ServerTelemetryCheck.offWarning(SERVER_SDK_ON)).isEmpty();
  }

  @Test
  void offWarning_serverSdkLeftOff_namesTheServerAndBothWaysOut() {
    System.setProperty("jboss.home.dir", "/opt/wildfly");

    assertThat(ServerTelemetryCheck.offWarning(PropertySource.fromMap(Map.of()))).hasValueSatisfying(warning ->
        assertThat(warning).startsWith("traceguard-all-mp traces with WildFly's own MicroProfile Telemetry, which is"
            + " off for this application").contains("Set otel.sdk.disabled=false", "deploy traceguard-all instead"));
    assertThat(ServerTelemetryCheck.offWarning(PropertySource.fromMap(Map.of("otel.sdk.disabled", "true"))))
        .isPresent();
  }
}
