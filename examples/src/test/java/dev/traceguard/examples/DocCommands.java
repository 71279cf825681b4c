package dev.traceguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The commands of a shell block in a docs/ page, as {@code sh} reads them, for the tests that run them as written. */
final class DocCommands {
  /** The repository's root, where the pages' commands are run from. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private DocCommands() {}

  /**
   * The commands of the first {@code sh} block after the paragraph that ends with {@code lead} in {@code
   * docs/<page>} (a marker comment may stand between them): continuation lines joined, each command's trailing
   * comment kept (it may say what to expect).
   */
  static List<String> after(String page, String lead) throws IOException {
    String text = Files.readString(ROOT.resolve("docs").resolve(page), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile(
        Pattern.quote(lead) + "\\s*\\n\\n(?:<!--[^\\n]*-->\\n)?```sh\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(block.find()).as("the sh block after '%s' in %s", lead, page).isTrue();
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

  /** The command without its trailing {@code # comment}. */
  static String withoutComment(String command) {
    return command.replaceFirst("\\s+#.*$", "");
  }
}
