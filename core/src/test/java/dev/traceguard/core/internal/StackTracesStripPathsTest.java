package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StackTracesStripPathsTest {

  static Stream<Arguments> stripped() {
    return Stream.of(
        Arguments.of("failed to read /home/alice/conf/db.properties: denied",
            "failed to read [PATH]/db.properties: denied"),
        Arguments.of("C:\\Users\\bob\\app.log", "[PATH]/app.log"),
        Arguments.of("D:/data/export/out.csv", "[PATH]/out.csv"),
        Arguments.of("C:\\Users/bob\\mixed.txt", "[PATH]/mixed.txt"),
        Arguments.of("/var/log/app/server.log", "[PATH]/server.log"),
        Arguments.of("/var/log/app/server.log is full", "[PATH]/server.log is full"),
        Arguments.of("cannot open /tmp/upload-1234.bin", "cannot open [PATH]/upload-1234.bin"),
        Arguments.of("copy /opt/app/a.jar to /srv/b/c.jar failed", "copy [PATH]/a.jar to [PATH]/c.jar failed"),
        Arguments.of("file \"/Users/carol/Documents/cv.pdf\" missing", "file \"[PATH]/cv.pdf\" missing"),
        Arguments.of("log at 'E:\\logs\\today.txt'", "log at '[PATH]/today.txt'"),
        Arguments.of("(/etc/ssl/private/key.pem)", "([PATH]/key.pem)"),
        Arguments.of("a=/root/.ssh/id_rsa,b=2", "a=[PATH]/id_rsa,b=2"),
        Arguments.of("java at /usr/lib/jvm/bin/java:", "java at [PATH]/java:"),
        Arguments.of("at /mnt/share/File.java:42 here", "at [PATH]/File.java:42 here"),
        Arguments.of("dir /app/config/ is empty", "dir [PATH]/ is empty"),
        Arguments.of("/data/a b", "[PATH]/a b"),
        Arguments.of("file:/home/alice/x.txt", "file:[PATH]/x.txt"),
        Arguments.of("file:///C:/Users/bob/x.txt", "file:///[PATH]/x.txt"),
        Arguments.of("a\t/tmp/x\n/tmp/y", "a\t[PATH]/x\n[PATH]/y"),
        Arguments.of("/home/a/b,/home/c/d", "[PATH]/b,[PATH]/d"),
        Arguments.of("GET /api/users/1 read /home/u/f.txt", "GET /api/users/1 read [PATH]/f.txt"),
        Arguments.of("/home/x/home", "[PATH]/home"));
  }

  @ParameterizedTest
  @MethodSource("stripped")
  void stripPaths_knownRoot_replacedByFileName(String input, String expected) {
    assertThat(StackTraces.stripPaths(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "no paths here",
      "GET /api/users/1 failed",
      "/api/home/alice",
      "https://example.com/home/alice/index.html",
      "http://localhost:8080/app/users",
      "/homepage/x",
      "/tmp",
      "ratio 3:/4",
      "abcC:\\x",
      "[PATH]/db.properties",
      "/",
      "C:",
      "C:x"
  })
  void stripPaths_noKnownPath_returnsSameInstance(String input) {
    assertThat(StackTraces.stripPaths(input)).isSameAs(input);
  }

  @Test
  void stripPaths_randomInput_neverThrowsAndIsIdempotent() {
    String[] tokens = {
      "/", "\\", ":", ": ", " ", "\t", "\"", "'", ")", "(", ",", "=", "[", "]", ".", "x", "C", "d", ":\\", ":/",
      "home/", "Users/", "tmp/", "var", "app/", "[PATH]", "/home/", "C:\\", "http://", "é", "\u0000"
    };
    Random random = new Random(20240611L);
    for (int iteration = 0; iteration < 20_000; iteration++) {
      StringBuilder text = new StringBuilder();
      int parts = random.nextInt(16);
      for (int p = 0; p < parts; p++) {
        if (random.nextInt(10) == 0) {
          text.append((char) random.nextInt(0x3000));
        } else {
          text.append(tokens[random.nextInt(tokens.length)]);
        }
      }
      String input = text.toString();

      String once = StackTraces.stripPaths(input);

      assertThat(StackTraces.stripPaths(once)).as("idempotent on %s", input).isEqualTo(once);
      if (once.equals(input)) {
        assertThat(once).as("same instance for %s", input).isSameAs(input);
      }
    }
  }
}
