package dev.traceguard.all;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the integration tests of this module take from their environment: the paths the build passes as system
 * properties, free ports on 127.0.0.1, and the file trees of servers and work directories.
 */
final class TestEnvironment {
  /**
   * The client every test sends its requests with: HTTP/1.1 and shared. A client of its own per request, asking for
   * HTTP/2, has Liberty upgrade each connection and keep the application it was made with reachable while the
   * idle connection stays open: after redeploys, copies that only the test holds (found with a heap dump).
   */
  static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  private TestEnvironment() {}

  /** The system property the build sets, such as a server's home; fails when the test runs outside the build. */
  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + name + " is not set: run with 'mvn verify' in module all");
    }
    return value;
  }

  /**
   * A new, empty work directory for {@code test}, beside the test classes: the WAR, the server's files, its log and
   * the exported spans of that test class stay there.
   */
  static Path workDir(Class<?> test) throws IOException {
    Path work = Path.of(property("sample.classes")).getParent().resolve(test.getSimpleName());
    deleteTree(work);
    return Files.createDirectories(work);
  }

  /** A port free on 127.0.0.1 when asked; another process may take it before it is bound. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Deletes {@code root} and everything below it, if it exists. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Copies the directory tree {@code from} to {@code to}, replacing files that exist: a server's files to run. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
