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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every code block of the README and docs/ marked {@code <!-- snippet: path -->} is the file at that path, built and
 * run by the build (the recipes, the README's quick start): a doc cannot drift from the code it shows. {@code
 * path#dependencies} stands for a POM's dependencies, up to the comment that opens its tests' own.
 */
class DocSnippetsTest {
  private static final Path ROOT = Path.of(System.getProperty("readme")).getParent();
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: ([^#\\s]+)(#dependencies)? -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
  private static final String TESTS_MARKER = "    <!-- The recipe's tests";

  @Test
  void snippets_everyMarkedBlock_isTheFileItNames() throws IOException {
    List<String> checked = new ArrayList<>();
    for (Path page : pages()) {
      Matcher snippet = SNIPPET.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (snippet.find()) {
        Path file = ROOT.resolve(snippet.group(1));
        String expected = snippet.group(2) == null
            ? Files.readString(file, StandardCharsets.UTF_8)
            : dependencies(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(snippet.group(3)).as("the block in %s marked %s", ROOT.relativize(page), snippet.group(1))
            .isEqualTo(expected);
        checked.add(ROOT.relativize(page) + " -> " + snippet.group(1));
      }
    }
    assertThat(checked).as("the snippets found").contains(
        "README.md -> recipes/war/src/main/java/com/example/payments/PaymentResource.java",
        "docs/getting-started.md -> recipes/war/pom.xml",
        "docs/getting-started.md -> recipes/standalone/pom.xml",
        "docs/getting-started.md -> recipes/standalone/src/main/java/com/example/payments/Main.java",
        "docs/getting-started.md -> recipes/jersey/pom.xml",
        "docs/getting-started.md -> recipes/jersey/src/main/java/com/example/greetings/Main.java");
  }

  @Test
  void dependencies_pomWithTestsMarker_stopsThereAndDropsTheIndent() {
    String pom = """
          <dependencies>
            <dependency>
              <artifactId>a</artifactId>
            </dependency>
            <!-- The recipe's tests. -->
            <dependency>
              <artifactId>junit</artifactId>
            </dependency>
          </dependencies>
        """;

    assertThat(dependencies(pom)).isEqualTo("<dependency>\n  <artifactId>a</artifactId>\n</dependency>\n");
  }

  /** A POM's dependency elements, without the tests' and without the indent they have in the POM. */
  static String dependencies(String pom) {
    int start = pom.indexOf("  <dependencies>\n") + "  <dependencies>\n".length();
    int end = pom.indexOf(TESTS_MARKER, start);
    if (end < 0) {
      end = pom.indexOf("  </dependencies>", start);
    }
    StringBuilder block = new StringBuilder();
    pom.substring(start, end).lines().forEach(line -> block.append(line.startsWith("    ") ? line.substring(4) : line)
        .append('\n'));
    return block.toString();
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
