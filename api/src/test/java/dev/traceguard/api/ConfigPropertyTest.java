package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the property table, the loader and {@code docs/configuration.md} in step. Run with {@code
 * -Dtraceguard.docs.write=true} to rewrite the table in the document from the code.
 */
class ConfigPropertyTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");
  private static final String START = "<!-- properties:start (generated from ConfigProperty; see ConfigPropertyTest) -->";
  private static final String END = "<!-- properties:end -->";

  @Test
  void load_anySource_readsExactlyTheDeclaredProperties() {
    Set<String> asked = new LinkedHashSet<>();
    boolean[] listed = new boolean[1];
    PropertySource recording = new PropertySource() {
      @Override
      public Optional<String> get(String name) {
        asked.add(name);
        return Optional.empty();
      }

      @Override
      public Set<String> names() {
        listed[0] = true;
        return Set.of();
      }
    };

    TracingConfig.from(recording);

    Set<String> fixed = Arrays.stream(ConfigProperty.values())
        .filter(p -> !p.isFamily())
        .map(ConfigProperty::key)
        .collect(Collectors.toSet());
    Arrays.stream(StandardProperty.values()).map(StandardProperty::key).forEach(fixed::add);
    assertThat(asked).containsExactlyInAnyOrderElementsOf(fixed);
    assertThat(listed[0]).as("families are found through names()").isTrue();
  }

  @Test
  void defaults_loadedFromTheirDocumentedText_equalBuilderDefaults() {
    Map<String, String> documented = new HashMap<>();
    for (ConfigProperty property : ConfigProperty.values()) {
      // The OTLP endpoint's default depends on the protocol and is described, not a single value.
      if (!property.isFamily() && !property.defaultValue().isEmpty() && property != ConfigProperty.OTLP_ENDPOINT) {
        documented.put(property.key(), property.defaultValue());
      }
    }

    TracingConfig loaded = TracingConfig.from(PropertySource.fromMap(documented));

    // The keys listed only for their Traceguard default are passed to the SDK as given; everything else is typed.
    Map<String, String> sdkOnly = new HashMap<>();
    for (ConfigProperty property : ConfigProperty.values()) {
      if (property.isSdkOnly()) {
        sdkOnly.put(property.key(), property.defaultValue());
      }
    }
    assertThat(loaded.sdkProperties()).isEqualTo(sdkOnly);
    assertThat(loaded.toBuilder().setSdkProperties(Map.of()).build()).isEqualTo(TracingConfig.builder().build());
  }

  @Test
  void docsConfiguration_propertyTable_matchesTheCode() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertThat(start).as("start marker in %s", DOC).isNotNegative();
    assertThat(end).as("end marker in %s", DOC).isGreaterThan(start);
    String expected = table();

    if (Boolean.getBoolean("traceguard.docs.write")) {
      Files.writeString(DOC, doc.substring(0, start + START.length()) + "\n" + expected + doc.substring(end),
          StandardCharsets.UTF_8);
      return;
    }

    assertThat(doc.substring(start + START.length(), end))
        .as("docs/configuration.md is out of date; rerun this test with -Dtraceguard.docs.write=true")
        .isEqualTo("\n" + expected);
  }

  static String table() {
    StringBuilder table = new StringBuilder()
        .append("| Property | Environment variable | Default | Valid values | Meaning |\n")
        .append("|---|---|---|---|---|\n");
    for (ConfigProperty property : ConfigProperty.values()) {
      String variable = property.isFamily()
          ? EnvironmentPropertySource.variableName(property.familyPrefix()) + "<NAME>"
          : EnvironmentPropertySource.variableName(property.key());
      table.append("| `").append(cell(property.key()))
          .append("` | `").append(cell(variable))
          .append("` | ").append(property.defaultValue().isEmpty() ? "(none)" : "`" + cell(property.defaultValue()) + "`")
          .append(" | ").append(cell(property.rule()))
          .append(" | ").append(cell(property.description()))
          .append(" |\n");
    }
    return table.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
