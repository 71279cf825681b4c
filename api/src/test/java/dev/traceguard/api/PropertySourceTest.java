package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PropertySourceTest {
  /** Unique to this test class, so no other test or JVM setting can define it. */
  private static final String SYSTEM_PROPERTY = "traceguard.test.property-source-test." + System.nanoTime();

  @Test
  void fromMap_definedName_returnsValue() {
    PropertySource source = PropertySource.fromMap(Map.of("otel.service.name", "checkout"));

    assertThat(source.get("otel.service.name")).contains("checkout");
  }

  @Test
  void fromMap_undefinedName_isEmpty() {
    PropertySource source = PropertySource.fromMap(Map.of("otel.service.name", "checkout"));

    assertThat(source.get("otel.traces.exporter")).isEmpty();
    assertThat(source.get("OTEL_SERVICE_NAME")).isEmpty();
  }

  @Test
  void fromMap_names_areTheMapKeys() {
    PropertySource source = PropertySource.fromMap(Map.of("otel.service.name", "checkout", "traceguard.enabled", "true"));

    assertThat(source.names()).containsExactlyInAnyOrder("otel.service.name", "traceguard.enabled");
  }

  @Test
  void fromMap_emptyMap_definesNothing() {
    PropertySource source = PropertySource.fromMap(Map.of());

    assertThat(source.names()).isEmpty();
    assertThat(source.get("otel.service.name")).isEmpty();
  }

  @Test
  void fromMap_laterMutationOfSource_notSeen() {
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.service.name", "checkout");
    PropertySource source = PropertySource.fromMap(properties);

    properties.put("otel.service.name", "billing");
    properties.put("traceguard.enabled", "false");

    assertThat(source.get("otel.service.name")).contains("checkout");
    assertThat(source.get("traceguard.enabled")).isEmpty();
    assertThat(source.names()).containsExactly("otel.service.name");
  }

  @Test
  void environmentVariables_dottedName_readsUpperCaseUnderscoredVariable() {
    PropertySource source = PropertySource.environmentVariables(Map.of("OTEL_SERVICE_NAME", "checkout"));

    assertThat(source.get("otel.service.name")).contains("checkout");
  }

  @Test
  void environmentVariables_hyphenatedName_readsUnderscoredVariable() {
    PropertySource source = PropertySource.environmentVariables(Map.of("TRACEGUARD_EXCEPTION_MAX_FRAMES", "20"));

    assertThat(source.get("traceguard.exception.max-frames")).contains("20");
  }

  @Test
  void environmentVariables_undefinedOrLowerCaseVariable_isEmpty() {
    PropertySource source = PropertySource.environmentVariables(Map.of("otel_service_name", "checkout"));

    assertThat(source.get("otel.service.name")).isEmpty();
    assertThat(source.get("otel.traces.exporter")).isEmpty();
  }

  @Test
  void environmentVariables_names_areLowerCaseDotted() {
    PropertySource source = PropertySource.environmentVariables(
        Map.of("TRACEGUARD_PII_PATTERNS_CARD", "\\d{16}", "OTEL_SERVICE_NAME", "checkout"));

    assertThat(source.names()).containsExactlyInAnyOrder("traceguard.pii.patterns.card", "otel.service.name");
  }

  @Test
  void environmentVariables_nameFromNames_isReadBack() {
    PropertySource source = PropertySource.environmentVariables(Map.of("TRACEGUARD_PII_PATTERNS_CARD", "\\d{16}"));

    String name = source.names().iterator().next();

    assertThat(source.get(name)).contains("\\d{16}");
  }

  @Test
  void environmentVariables_laterMutationOfSource_notSeen() {
    Map<String, String> environment = new HashMap<>();
    environment.put("OTEL_SERVICE_NAME", "checkout");
    PropertySource source = PropertySource.environmentVariables(environment);

    environment.put("OTEL_SERVICE_NAME", "billing");
    environment.put("OTEL_TRACES_EXPORTER", "none");

    assertThat(source.get("otel.service.name")).contains("checkout");
    assertThat(source.get("otel.traces.exporter")).isEmpty();
    assertThat(source.names()).containsExactly("otel.service.name");
  }

  @Test
  void environmentVariables_processEnvironment_readsAVariableOfThisProcess() {
    Map.Entry<String, String> variable = System.getenv().entrySet().stream()
        .filter(e -> e.getKey().matches("[A-Z][A-Z0-9_]*") && !e.getKey().contains("__"))
        .findFirst()
        .orElseThrow();
    String name = variable.getKey().toLowerCase(Locale.ROOT).replace('_', '.');

    PropertySource source = PropertySource.environmentVariables();

    assertThat(source.get(name)).contains(variable.getValue());
    assertThat(source.names()).contains(name);
  }

  @Test
  void systemProperties_propertySetAfterCreation_isReadLive() {
    PropertySource source = PropertySource.systemProperties();
    assertThat(source.get(SYSTEM_PROPERTY)).isEmpty();
    System.setProperty(SYSTEM_PROPERTY, "live");
    try {
      assertThat(source.get(SYSTEM_PROPERTY)).contains("live");
      assertThat(source.names()).contains(SYSTEM_PROPERTY);
    } finally {
      System.clearProperty(SYSTEM_PROPERTY);
    }
    assertThat(source.get(SYSTEM_PROPERTY)).isEmpty();
    assertThat(source.names()).doesNotContain(SYSTEM_PROPERTY);
  }

  @Test
  void composite_nameInSeveralSources_firstSourceWins() {
    PropertySource source = PropertySource.composite(
        PropertySource.fromMap(Map.of("otel.service.name", "first")),
        PropertySource.fromMap(Map.of("otel.service.name", "second", "traceguard.enabled", "false")));

    assertThat(source.get("otel.service.name")).contains("first");
  }

  @Test
  void composite_nameOnlyInLaterSource_fallsThrough() {
    PropertySource source = PropertySource.composite(
        PropertySource.fromMap(Map.of("otel.service.name", "first")),
        PropertySource.environmentVariables(Map.of("TRACEGUARD_ENABLED", "false")));

    assertThat(source.get("traceguard.enabled")).contains("false");
  }

  @Test
  void composite_nameInNoSource_isEmpty() {
    PropertySource source = PropertySource.composite(
        PropertySource.fromMap(Map.of("otel.service.name", "first")),
        PropertySource.fromMap(Map.of("traceguard.enabled", "false")));

    assertThat(source.get("otel.traces.exporter")).isEmpty();
  }

  @Test
  void composite_names_isUnionOfSources() {
    PropertySource source = PropertySource.composite(
        PropertySource.fromMap(Map.of("otel.service.name", "first")),
        PropertySource.environmentVariables(Map.of("OTEL_SERVICE_NAME", "env", "TRACEGUARD_PII_PATTERNS_CARD", "x")),
        name -> Optional.of("unlisted"));

    assertThat(source.names()).containsExactlyInAnyOrder("otel.service.name", "traceguard.pii.patterns.card");
  }

  @Test
  void composite_names_isUnmodifiable() {
    PropertySource source = PropertySource.composite(PropertySource.fromMap(Map.of("otel.service.name", "first")));

    assertThatThrownBy(() -> source.names().add("other")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void composite_noSources_definesNothing() {
    PropertySource source = PropertySource.composite();

    assertThat(source.get("otel.service.name")).isEmpty();
    assertThat(source.names()).isEmpty();
  }

  @Test
  void defaults_systemPropertySet_isSeen() {
    PropertySource source = PropertySource.defaults();
    System.setProperty(SYSTEM_PROPERTY, "from-system");
    try {
      assertThat(source.get(SYSTEM_PROPERTY)).contains("from-system");
      assertThat(source.names()).contains(SYSTEM_PROPERTY);
    } finally {
      System.clearProperty(SYSTEM_PROPERTY);
    }
  }

  @Test
  void lambda_get_answersFromFunction() {
    PropertySource source = name -> name.equals("otel.service.name") ? Optional.of("lambda") : Optional.empty();

    assertThat(source.get("otel.service.name")).contains("lambda");
    assertThat(source.get("traceguard.enabled")).isEmpty();
  }

  @Test
  void lambda_names_isEmptyByDefault() {
    PropertySource source = name -> Optional.of("anything");

    assertThat(source.names()).isEmpty();
  }
}
