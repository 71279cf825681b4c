package dev.traceguard.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start holds: its dependency is this artifact, and its code compiles against this artifact's
 * dependencies alone (plus the Jakarta APIs a server provides), as Maven resolves them for a user.
 */
class QuickStartTest {
  private static final Pattern SECTION = Pattern.compile("(?s)## Quick start\\n(.*?)\\n## ");
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public class (\\w+)");

  @TempDir Path work;

  @Test
  void readme_quickStartDependency_isThisArtifact() throws IOException {
    assertThat(quickStart()).contains("""
        <dependency>
          <groupId>dev.traceguard</groupId>
          <artifactId>traceguard</artifactId>""");
  }

  @Test
  void readme_quickStartCode_compilesAgainstThisArtifactAlone() throws IOException {
    Matcher block = JAVA_BLOCK.matcher(quickStart());
    assertThat(block.find()).as("a ```java block in the README's quick start").isTrue();
    String code = block.group(1);
    Matcher publicClass = PUBLIC_CLASS.matcher(code);
    assertThat(publicClass.find()).as("the snippet's public class").isTrue();
    Path source = Files.writeString(work.resolve(publicClass.group(1) + ".java"), code, StandardCharsets.UTF_8);
    String classpath = Files.readString(Path.of(System.getProperty("quickstart.classpath")), StandardCharsets.UTF_8);

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled;
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(List.of(source));
      compiled = compiler.getTask(diagnostics, files, null,
          List.of("-classpath", classpath.strip(), "-d", work.toString(), "--release", "17", "-Xlint:all", "-Werror"),
          null, units).call();
    }

    assertThat(compiled).as("javac says:%n%s", diagnostics).isTrue();
    Matcher pkg = PACKAGE.matcher(code);
    String directory = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
    assertThat(work.resolve(directory + publicClass.group(1) + ".class")).exists();
  }

  private static String quickStart() throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("readme")), StandardCharsets.UTF_8);
    Matcher section = SECTION.matcher(readme);
    assertThat(section.find()).as("a '## Quick start' section in the README").isTrue();
    return section.group(1);
  }
}
