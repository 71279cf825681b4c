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
 * Every block of code or commands in the README and docs/ is built or run by the build, so a page cannot drift from
 * what the code does. A block marked {@code <!-- snippet: path -->} is the file at that path (built and run: the
 * recipes, the README's quick start, test resources that tests load); {@code path#dependencies} stands for a POM's
 * dependencies, up to the comment that opens its tests' own; {@code path#name} for the lines of a file between the
 * markers {@code snippet:name} and {@code end:name} (in a {@code //}, {@code #} or {@code <!-- -->} comment), without
 * their common indent. A shell block is marked {@code <!-- run by: path -->}, naming the test or script that reads it
 * from the page and runs it, or {@code <!-- checked by: path -->} when its commands run too long for a build and the
 * test checks them with the program's own parser instead. A Maven dependency on Traceguard names an artifact the build publishes, at its version.
 * Unmarked blocks without a language are output and pictures, not code.
 */
class DocSnippetsTest {
  private static final Path ROOT = Path.of(System.getProperty("readme")).getParent();
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: ([^#\\s]+)(?:#([\\w-]+))? -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
  private static final String TESTS_MARKER = "    <!-- The recipe's tests";
  private static final Pattern RUN_BY = Pattern.compile("<!-- (?:run|checked) by: (\\S+) -->");
  private static final Pattern NOT_RUN = Pattern.compile("<!-- not run by the build: .+ -->");
  private static final Pattern DEPENDENCY = Pattern.compile("<dependency>\\s*<groupId>dev\\.traceguard</groupId>\\s*"
      + "<artifactId>([\\w.-]+)</artifactId>\\s*<version>([^<]+)</version>");

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
  void blocks_everyOneOfCodeOrCommands_isBuiltOrRun() throws IOException {
    List<String> unchecked = new ArrayList<>();
    List<String> notRun = new ArrayList<>();
    for (Path page : pages()) {
      List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
      boolean open = false;
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).startsWith("```")) {
          continue;
        }
        open = !open;
        String language = lines.get(i).substring(3);
        if (!open || language.isEmpty()) {
          continue;
        }
        String where = ROOT.relativize(page) + ":" + (i + 1);
        String marker = i == 0 ? "" : lines.get(i - 1);
        if (language.equals("sh")) {
          Matcher runBy = RUN_BY.matcher(marker);
          if (runBy.matches()) {
            assertThat(Files.readString(ROOT.resolve(runBy.group(1)), StandardCharsets.UTF_8))
                .as("%s, which is to run the block at %s", runBy.group(1), where)
                .contains(page.getFileName().toString());
          } else if (NOT_RUN.matcher(marker).matches()) {
            notRun.add(where);
          } else {
            unchecked.add(where);
          }
        } else if (!marker.startsWith("<!-- snippet: ") && !isTraceguardDependency(lines, i)) {
          unchecked.add(where);
        }
      }
    }
    assertThat(unchecked).as("code or commands in the docs that no build compiles, runs or compares").isEmpty();
    assertThat(notRun).as("the commands that need what the build must not use (the internet)")
        .containsExactly("docs/tck.md:" + harnessLine());
  }

  @Test
  void dependencies_onTraceguard_nameAPublishedArtifactAtTheBuildsVersion() throws IOException {
    String version = rootVersion();
    List<String> published = publishedArtifacts();
    List<String> found = new ArrayList<>();
    for (Path page : pages()) {
      Matcher dependency = DEPENDENCY.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (dependency.find()) {
        found.add(dependency.group(1));
        assertThat(published).as("the artifacts the build publishes, named in %s", ROOT.relativize(page))
            .contains(dependency.group(1));
        assertThat(dependency.group(2)).as("%s in %s", dependency.group(1), ROOT.relativize(page)).isEqualTo(version);
      }
    }
    assertThat(found).contains("traceguard", "traceguard-all", "traceguard-tck", "traceguard-sentry");
  }

  private static boolean isTraceguardDependency(List<String> lines, int open) {
    StringBuilder block = new StringBuilder();
    for (int i = open + 1; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
      block.append(lines.get(i)).append('\n');
    }
    return lines.get(open).equals("```xml") && DEPENDENCY.matcher(block).lookingAt();
  }

  /** The line of tck.md's W3C harness block: it clones from GitHub and installs a Debian package. */
  private static int harnessLine() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("docs/tck.md"), StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("git clone https://github.com/w3c/trace-context")) {
        int open = i;
        while (!lines.get(open).startsWith("```")) {
          open--;
        }
        return open + 1;
      }
    }
    throw new AssertionError("tck.md no longer clones the W3C harness");
  }

  private static String rootVersion() throws IOException {
    Matcher version = Pattern.compile("</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
    assertThat(version.find()).isTrue();
    return version.group(1);
  }

  /** The artifactIds of the modules whose POM does not skip deploying. */
  private static List<String> publishedArtifacts() throws IOException {
    List<String> published = new ArrayList<>();
    Pattern artifact = Pattern.compile("</parent>\\s*<artifactId>([\\w.-]+)</artifactId>");
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path pom : modules.map(dir -> dir.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
        String text = Files.readString(pom, StandardCharsets.UTF_8);
        Matcher id = artifact.matcher(text);
        if (id.find() && !text.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
          published.add(id.group(1));
        }
      }
    }
    return published;
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

  @Test
  void region_propertiesAndXmlComments_markTheSameWay() {
    assertThat(region("a=1\n# snippet:p\nb=2\n# end:p\n", "p")).isEqualTo("b=2\n");
    assertThat(region("<a>\n  <!-- snippet:x -->\n  <b/>\n  <!-- end:x -->\n</a>\n", "x")).isEqualTo("<b/>\n");
  }

  /** The lines between the markers {@code snippet:name} and {@code end:name}, less the first line's indent. */
  static String region(String source, String name) {
    List<String> lines = source.lines().toList();
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (isMarker(lines.get(i), "snippet:" + name)) {
        start = i + 1;
      } else if (isMarker(lines.get(i), "end:" + name)) {
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

  /** A line that is only {@code text} in a Java, properties or XML comment. */
  private static boolean isMarker(String line, String text) {
    String stripped = line.strip();
    return stripped.equals("// " + text) || stripped.equals("# " + text) || stripped.equals("<!-- " + text + " -->");
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
