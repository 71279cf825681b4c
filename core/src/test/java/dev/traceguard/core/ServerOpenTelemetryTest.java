package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerOpenTelemetryTest {
  @TempDir Path jar;

  /** A class loader like the one of an application holding traceguard-all-mp, over {@code parent}. */
  private URLClassLoader allMp(ClassLoader parent) throws Exception {
    Path marker = jar.resolve(ServerOpenTelemetry.MARKER);
    Files.createDirectories(marker.getParent());
    Files.writeString(marker, "# marker\n");
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent);
  }

  @Test
  void isMissing_allMpOnAServerWithoutOpenTelemetry_true() throws Exception {
    try (URLClassLoader application = allMp(ClassLoader.getPlatformClassLoader())) {
      assertThat(ServerOpenTelemetry.isChosen(application)).isTrue();
      assertThat(ServerOpenTelemetry.isVisible(application)).isFalse();
      assertThat(ServerOpenTelemetry.isMissing(application)).isTrue();
    }
  }

  @Test
  void isMissing_allMpOnAServerWithOpenTelemetry_false() throws Exception {
    try (URLClassLoader application = allMp(getClass().getClassLoader())) {
      assertThat(ServerOpenTelemetry.isChosen(application)).isTrue();
      assertThat(ServerOpenTelemetry.isMissing(application)).isFalse();
    }
  }

  @Test
  void isMissing_withoutTheMarker_falseWhateverTheApi() {
    assertThat(ServerOpenTelemetry.isChosen(getClass().getClassLoader())).isFalse();
    assertThat(ServerOpenTelemetry.isMissing(ClassLoader.getPlatformClassLoader())).isFalse();
  }
}
