package dev.traceguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The curl commands docs/getting-started.md tells a newcomer to try, run as written against the demo (only the port
 * changed to the test's), each answering the status its comment names, or 200: the page cannot promise what the
 * demo does not do.
 */
class GettingStartedCommandsIT {
  private static final Path PAGE = Path.of("..", "docs", "getting-started.md");
  private static final Pattern BLOCK =
      Pattern.compile("Try it from another terminal:\\n\\n```sh\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern STATUS_COMMENT = Pattern.compile("#\\s*(\\d{3})\\b");

  @Test
  void tryItCommands_runAgainstTheDemo_answerWhatThePageSays() throws Exception {
    List<String> commands = commands();
    assertThat(commands).hasSize(5);
    try (DemoProcess demo = DemoProcess.start("demo-getting-started", Map.of())) {
      for (String command : commands) {
        Matcher comment = STATUS_COMMENT.matcher(command);
        int expected = comment.find() ? Integer.parseInt(comment.group(1)) : 200;
        String line = command.replaceFirst("\\s*#.*$", "").replace("127.0.0.1:8080", "127.0.0.1:" + demo.port);

        Process curl = new ProcessBuilder("sh", "-c", line + " -w '\\n%{http_code}'").redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(curl.exitValue()).as("%s%n%s", line, out).isZero();
        assertThat(out.substring(out.lastIndexOf('\n') + 1)).as("%s%n%s", line, out).isEqualTo(Integer.toString(expected));
        if (expected >= 400) {
          assertThat(out).as(line).contains("\"trace_id\"");
        }
      }
    }
  }

  /** The block's commands, continuation lines joined. */
  private static List<String> commands() throws IOException {
    Matcher block = BLOCK.matcher(Files.readString(PAGE, StandardCharsets.UTF_8));
    assertThat(block.find()).as("the 'Try it' block of %s", PAGE).isTrue();
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : block.group(1).lines().toList()) {
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1);
      } else {
        commands.add(current.append(line).toString());
        current.setLength(0);
      }
    }
    return commands;
  }
}
