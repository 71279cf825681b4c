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
 * path#dependencies} stands for a POM's dependencies, up to the comment that opens its tests' own; {@code path#name}
 * for the lines of a source file between {@code // snippet:name} and {@code // end:name}, without their common
 * indent.
 */
class DocSnippetsTest {
  private static final Path ROOT = Path.of(System.getProperty("readme")).getParent();
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: ([^#\\s]+)(?:#([\\w-]+))? -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
  private static final String TESTS_MARKER = "    <!-- The recipe's tests";

  @Test
  void snippets_everyMarkedBlock_isTheFileItNames() throws IOException {
    List<String> checked = new ArrayList<>();
    for (Path page : pages()) {
      Matcher snippet = SNIPPET.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (snippet.find()) {
        Path file = ROOT.resolve(snippet.group(1));
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String part = snippet.group(2);
        String expected = part == null ? text : part.equals("dependencies") ? dependencies(text) : region(text, part);
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
  void javaBlocks_everyOne_isMarkedAsASnippet() throws IOException {
    List<String> unmarked = new ArrayList<>();
    for (Path page : pages()) {
      List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).equals("```java") && (i == 0 || !lines.get(i - 1).startsWith("<!-- snippet: "))) {
          unmarked.add(ROOT.relativize(page) + ":" + (i + 1));
        }
      }
    }
    assertThat(unmarked).as("Java code in the docs that no build compiles").isEmpty();
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

  @Test
  void region_markedLines_withoutTheirIndent() {
    String source = """
        class A {
          void f() {
            // snippet:body
            int x = 1;
              x++;
            // end:body
          }
        }
        """;

    assertThat(region(source, "body")).isEqualTo("int x = 1;\n  x++;\n");
  }

  /** The lines between {@code // snippet:name} and {@code // end:name}, less the first line's indent. */
  static String region(String source, String name) {
    List<String> lines = source.lines().toList();
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("// snippet:" + name)) {
        start = i + 1;
      } else if (lines.get(i).strip().equals("// end:" + name)) {
        end = i;
      }
    }
    assertThat(start).as("// snippet:%s", name).isPositive();
    assertThat(end).as("// end:%s after // snippet:%s", name, name).isGreaterThanOrEqualTo(start);
    String first = lines.get(start);
    int indent = first.length() - first.stripLeading().length();
    StringBuilder block = new StringBuilder();
    for (String line : lines.subList(start, end)) {
      block.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
    }
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
