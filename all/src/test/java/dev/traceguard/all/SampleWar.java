package dev.traceguard.all;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Assembles the sample WAR with the JDK's jar tools: the sample application's compiled classes under {@code
 * WEB-INF/classes}, the static files of {@code src/test/sample-war} ({@code WEB-INF/beans.xml}), the application's
 * {@code META-INF/microprofile-config.properties}, and the drop-in jar as the only library in {@code WEB-INF/lib}.
 */
final class SampleWar {
  /** The package of the sample application, as a path below the test classes. */
  private static final String SAMPLE_PACKAGE = "dev/traceguard/all/sample";

  /** The sample's MicroProfile Rest Client package, below {@link #SAMPLE_PACKAGE}. */
  static final String REST_CLIENT_PACKAGE = "restclient";

  /** The sample's {@code @WithSpan} package, below {@link #SAMPLE_PACKAGE}. */
  static final String WITH_SPAN_PACKAGE = "withspan";

  /** The packages below {@link #SAMPLE_PACKAGE} that only some servers can load, left out unless asked for. */
  private static final Set<String> OPTIONAL_PACKAGES = Set.of(REST_CLIENT_PACKAGE, WITH_SPAN_PACKAGE);

  private SampleWar() {}

  /**
   * Writes the WAR to {@code war}, replacing any earlier one.
   *
   * @param testClasses the test output directory holding the compiled sample package
   * @param staticFiles the directory whose tree is copied into the WAR as it is
   * @param dropInJar the {@code traceguard-all} jar
   * @param config the application's MicroProfile Config properties, written in this order
   */
  static Path build(Path war, Path testClasses, Path staticFiles, Path dropInJar, Map<String, String> config)
      throws IOException {
    return build(war, testClasses, staticFiles, dropInJar, config, false);
  }

  /**
   * As {@link #build(Path, Path, Path, Path, Map)}; with {@code restClient}, also the sample's MicroProfile Rest
   * Client package ({@value #REST_CLIENT_PACKAGE}), which only a server with the Rest Client API can load.
   */
  static Path build(Path war, Path testClasses, Path staticFiles, Path dropInJar, Map<String, String> config,
      boolean restClient) throws IOException {
    return build(war, testClasses, staticFiles, dropInJar, config, restClient, Map.of());
  }

  /**
   * As {@link #build(Path, Path, Path, Path, Map, boolean)}, with {@code extraFiles} (path in the WAR to content)
   * added, such as a server's deployment descriptor.
   */
  static Path build(Path war, Path testClasses, Path staticFiles, Path dropInJar, Map<String, String> config,
      boolean restClient, Map<String, String> extraFiles) throws IOException {
    return build(war, testClasses, staticFiles, dropInJar, config,
        restClient ? Set.of(REST_CLIENT_PACKAGE) : Set.of(), extraFiles);
  }

  /**
   * As {@link #build(Path, Path, Path, Path, Map)}, with the optional sample packages named ({@value
   * #REST_CLIENT_PACKAGE}, {@value #WITH_SPAN_PACKAGE}) and {@code extraFiles} (path in the WAR to content).
   */
  static Path build(Path war, Path testClasses, Path staticFiles, Path dropInJar, Map<String, String> config,
      Set<String> optionalPackages, Map<String, String> extraFiles) throws IOException {
    Files.createDirectories(war.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war))) {
      Path sample = testClasses.resolve(SAMPLE_PACKAGE);
      Set<Path> excluded = OPTIONAL_PACKAGES.stream().filter(name -> !optionalPackages.contains(name))
          .map(sample::resolve).collect(Collectors.toSet());
      copyTree(out, sample, "WEB-INF/classes/" + SAMPLE_PACKAGE + "/", excluded);
      copyTree(out, staticFiles, "", Set.of());
      put(out, "WEB-INF/classes/META-INF/microprofile-config.properties", properties(config));
      put(out, "WEB-INF/lib/" + dropInJar.getFileName(), Files.readAllBytes(dropInJar));
      for (Map.Entry<String, String> extra : extraFiles.entrySet()) {
        put(out, extra.getKey(), extra.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return war;
  }

  /** Copies {@code root}'s files under {@code prefix}, leaving out those below any of {@code excluded}. */
  private static void copyTree(JarOutputStream out, Path root, String prefix, Set<Path> excluded) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": no such directory");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).filter(file -> excluded.stream().noneMatch(file::startsWith))
          .sorted().toList();
    }
    for (Path file : files) {
      put(out, prefix + root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
    }
  }

  private static byte[] properties(Map<String, String> config) {
    // Written by hand rather than with Properties.store: no timestamp comment, and values stay readable in the WAR.
    StringBuilder text = new StringBuilder();
    config.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
    return text.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(content);
    out.closeEntry();
  }
}
