package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicroProfileConfigFilesTest {
  private final Logger logger = Logger.getLogger(MicroProfileConfigFiles.class.getName());
  private final RecordingLogHandler log = new RecordingLogHandler();

  @TempDir Path application;
  @TempDir Path traceguardCdi;

  @BeforeEach
  void capture() {
    logger.addHandler(log);
  }

  @AfterEach
  void release() {
    logger.removeHandler(log);
  }

  private static void write(Path root, String path) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "otel.service.name=orders\n");
  }

  private URLClassLoader loader(Path... roots) throws IOException {
    URL[] urls = new URL[roots.length];
    for (int i = 0; i < roots.length; i++) {
      urls[i] = roots[i].toUri().toURL();
    }
    return new URLClassLoader(urls, null);
  }

  @Test
  void applicationFiles_applicationsAndTraceguardsOwn_onlyTheApplicationsListed() throws Exception {
    write(application, MicroProfileConfigFiles.FILE);
    write(traceguardCdi, MicroProfileConfigFiles.FILE);
    write(traceguardCdi, "dev/traceguard/cdi/internal/ConfigSources.class");

    try (URLClassLoader loader = loader(traceguardCdi, application)) {
      assertThat(MicroProfileConfigFiles.applicationFiles(loader))
          .containsExactly(application.resolve(MicroProfileConfigFiles.FILE).toUri().toURL());
    }
  }

  @Test
  void warnIfUnread_applicationFile_oneWarningNamingItTheReasonAndTheWayOut() throws Exception {
    write(application, MicroProfileConfigFiles.FILE);

    try (URLClassLoader loader = loader(application)) {
      assertThat(MicroProfileConfigFiles.warnIfUnread(loader, "no implementation here")).isTrue();
    }

    assertThat(log.records()).singleElement().satisfies(record -> {
      assertThat(record.getLevel()).isEqualTo(Level.WARNING);
      assertThat(record.getMessage())
          .contains(application.resolve(MicroProfileConfigFiles.FILE).toUri().toURL().toString())
          .contains("no implementation here")
          .contains("io.smallrye.config:smallrye-config");
    });
  }

  @Test
  void warnIfUnread_onlyTraceguardsOwnOrNone_silent() throws Exception {
    write(traceguardCdi, MicroProfileConfigFiles.FILE);
    write(traceguardCdi, "dev/traceguard/cdi/internal/ConfigSources.class");

    try (URLClassLoader own = loader(traceguardCdi); URLClassLoader none = loader(application)) {
      assertThat(MicroProfileConfigFiles.warnIfUnread(own, "x")).isFalse();
      assertThat(MicroProfileConfigFiles.warnIfUnread(none, "x")).isFalse();
    }

    assertThat(log.records()).isEmpty();
  }
}
