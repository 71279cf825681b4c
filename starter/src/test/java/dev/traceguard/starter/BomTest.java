package dev.traceguard.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * traceguard-bom aligns what is published, at the versions the build uses: it has no parent of its own, so nothing
 * else keeps it in step with the root POM.
 */
class BomTest {
  private static final Path ROOT = Path.of(System.getProperty("readme")).getParent();
  private static final Pattern MANAGED = Pattern.compile(
      "<groupId>dev\\.traceguard</groupId>\\s*<artifactId>([\\w-]+)</artifactId>\\s*<version>\\$\\{project\\.version}");

  @Test
  void bom_managesEveryPublishedArtifact() throws IOException {
    List<String> managed = new ArrayList<>();
    Matcher artifact = MANAGED.matcher(read("bom/pom.xml"));
    while (artifact.find()) {
      managed.add(artifact.group(1));
    }

    assertThat(managed).containsExactlyInAnyOrder("traceguard", "traceguard-api", "traceguard-core",
        "traceguard-cdi", "traceguard-jaxrs", "traceguard-sentry", "traceguard-all", "traceguard-all-mp",
        "traceguard-tck");
  }

  @Test
  void bom_versionsMatchTheBuild() throws IOException {
    String root = read("pom.xml");
    String bom = read("bom/pom.xml");

    assertThat(value(bom, "<artifactId>traceguard-bom</artifactId>\\s*<version>([^<]+)</version>"))
        .isEqualTo(value(root, "<artifactId>traceguard-parent</artifactId>\\s*<version>([^<]+)</version>"));
    assertThat(value(bom, "<artifactId>opentelemetry-bom</artifactId>\\s*<version>([^<]+)</version>"))
        .isEqualTo(value(root, "<opentelemetry.version>([^<]+)</opentelemetry.version>"));
  }

  private static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
  }

  private static String value(String xml, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(xml);
    assertThat(matcher.find()).as("%s in the POM", regex).isTrue();
    return matcher.group(1);
  }
}
