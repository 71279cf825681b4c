package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.weld;
import static dev.traceguard.cdi.internal.TestContainers.withConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.MicroProfileConfigFiles;
import dev.traceguard.core.RecordingLogHandler;
import dev.traceguard.core.TracingRuntime;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where configuration comes from, with SmallRye Config as the MicroProfile Config implementation. */
class ConfigSourcesTest {
  private static final String LENGTH_LIMIT = "otel.attribute.value.length.limit";

  @TempDir Path userClasses;

  /** A class path entry holding an application's own microprofile-config.properties, at ordinal 100. */
  private URL[] userConfig(String... lines) throws IOException {
    Path file = userClasses.resolve("META-INF/microprofile-config.properties");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "config_ordinal=100\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return new URL[] {userClasses.toUri().toURL()};
  }

  private static TracingConfig deployedConfig(Map<String, String> systemProperties, URL[] classPath)
      throws Exception {
    WeldContainer container = withConfig(systemProperties, classPath, () -> weld().initialize());
    try {
      return container.select(TracingRuntime.class).get().config();
    } finally {
      container.shutdown();
    }
  }

  @Test
  void microProfileConfigPresent_shippedDefaults_readAtOrdinalOne() throws Exception {
    withConfig(Map.of(), () -> {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      PropertySource source = ConfigSources.forClassLoader(loader);

      assertThat(source).isInstanceOf(MicroProfilePropertySource.class);
      assertThat(source.get(LENGTH_LIMIT)).contains("4096");
      assertThat(source.get(DeploymentSettings.SHUTDOWN_TIMEOUT)).contains("10s");
      assertThat(ConfigProvider.getConfig(loader).getConfigValue(LENGTH_LIMIT).getSourceOrdinal()).isEqualTo(1);
      assertThat(source.names()).contains(LENGTH_LIMIT, DeploymentSettings.SHUTDOWN_TIMEOUT);
      return null;
    });
  }

  @Test
  void shippedDefaults_nothingElseSet_doNotNameTheService() throws Exception {
    TracingConfig config = deployedConfig(Map.of(), new URL[0]);

    assertThat(config.serviceName()).isEqualTo(TracingConfig.DEFAULT_SERVICE_NAME);
    assertThat(config.attributeValueLengthLimit()).isEqualTo(4096);
  }

  @Test
  void userConfigFileAtOrdinal100_overridesTheShippedDefault() throws Exception {
    TracingConfig config = deployedConfig(
        Map.of(), userConfig(LENGTH_LIMIT + "=1024", "otel.service.name=from-user-file"));

    assertThat(config.attributeValueLengthLimit()).isEqualTo(1024);
    assertThat(config.serviceName()).isEqualTo("from-user-file");
  }

  @Test
  void systemProperty_withMicroProfileConfig_beatsTheUserFileAndTheShippedDefault() throws Exception {
    TracingConfig config = deployedConfig(
        Map.of("otel.service.name", "from-system-property", LENGTH_LIMIT, "2048"),
        userConfig(LENGTH_LIMIT + "=1024", "otel.service.name=from-user-file"));

    assertThat(config.serviceName()).isEqualTo("from-system-property");
    assertThat(config.attributeValueLengthLimit()).isEqualTo(2048);
  }

  @Test
  void systemProperty_withMicroProfileConfig_isReadWhenNothingElseSetsIt() throws Exception {
    TracingConfig config = deployedConfig(Map.of("otel.service.name", "checkout"), new URL[0]);

    assertThat(config.serviceName()).isEqualTo("checkout");
  }

  @Test
  void unresolvableExpression_inMicroProfileConfig_readsAsAbsent() throws Exception {
    URL[] classPath = userConfig("otel.service.name=${no.such.property}");
    withConfig(Map.of(), classPath, () -> {
      PropertySource source = ConfigSources.forClassLoader(Thread.currentThread().getContextClassLoader());

      assertThat(source.get("otel.service.name")).isEmpty();
      assertThat(TracingConfig.from(source).serviceName()).isEqualTo(TracingConfig.DEFAULT_SERVICE_NAME);
      return null;
    });
  }

  @Test
  void noMicroProfileConfig_readsSystemPropertiesAndEnvironmentOnly() throws Exception {
    ClassLoader withoutMicroProfile = new HidingClassLoader(getClass().getClassLoader(), "org.eclipse.microprofile.");
    withConfig(Map.of("otel.service.name", "plain-jvm"), () -> {
      PropertySource source = ConfigSources.forClassLoader(withoutMicroProfile);

      assertThat(source).isNotInstanceOf(MicroProfilePropertySource.class);
      assertThat(source.get("otel.service.name")).contains("plain-jvm");
      assertThat(source.get(LENGTH_LIMIT)).isEqualTo(Optional.empty()); // the shipped file is MicroProfile's
      return null;
    });
  }

  @Test
  void noMicroProfileConfig_applicationConfigFile_warnsThatItIsNotRead() throws Exception {
    URL[] classPath = userConfig("otel.service.name=from-user-file");
    Logger logger = Logger.getLogger(
        MicroProfileConfigFiles.class.getName());
    RecordingLogHandler handler = new RecordingLogHandler();
    List<LogRecord> records = handler.records();
    logger.addHandler(handler);
    try (URLClassLoader withFile = new URLClassLoader(classPath, getClass().getClassLoader())) {
      ClassLoader withoutMicroProfile = new HidingClassLoader(withFile, "org.eclipse.microprofile.");

      PropertySource source = ConfigSources.forClassLoader(withoutMicroProfile);

      assertThat(source.get("otel.service.name")).isEmpty();
      assertThat(records).singleElement().satisfies(record -> assertThat(record.getMessage())
          .contains(userClasses.resolve("META-INF/microprofile-config.properties").toUri().toURL().toString())
          .contains("the MicroProfile Config API is not on the class path"));
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void isPresent_classMissingOrPresent_answersAccordingly() {
    ClassLoader loader = getClass().getClassLoader();

    assertThat(ConfigSources.isPresent(ConfigSources.CONFIG_PROVIDER, loader)).isTrue();
    assertThat(ConfigSources.isPresent("org.example.NoSuchClass", loader)).isFalse();
  }

  /** A class loader that cannot load the classes of one package, as an application without that library. */
  private static final class HidingClassLoader extends URLClassLoader {
    private final String hiddenPrefix;

    HidingClassLoader(ClassLoader parent, String hiddenPrefix) {
      super(new URL[0], parent);
      this.hiddenPrefix = hiddenPrefix;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith(hiddenPrefix)) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  }
}
