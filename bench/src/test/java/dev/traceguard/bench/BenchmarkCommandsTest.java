package dev.traceguard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The command lines docs/benchmarks.md gives, checked without running them (the figures' runs take minutes; {@code
 * .ci/run} runs every benchmark briefly): the shell splits each as it would, JMH's own parser accepts its options,
 * each benchmark pattern selects a benchmark, each profiler loads with its options, and the files a command reads
 * exist. A renamed benchmark or profiler, or a mistyped option, fails here rather than on a user's machine.
 */
class BenchmarkCommandsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String JMH = "java -jar bench/target/benchmarks.jar";
  private static final Pattern BLOCK = Pattern.compile("<!-- checked by: ([^ ]+) -->\\n```sh\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern SETTINGS = Pattern.compile("settings=([^,\\s\"]+)");

  @Test
  void jmhCommands_ofTheBenchmarksPage_parseAndNameWhatExists() throws Exception {
    Set<String> benchmarks = BenchmarkList.fromFile("target/classes/" + BenchmarkList.BENCHMARK_LIST)
        .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of()).stream()
        .map(BenchmarkListEntry::getUsername)
        .collect(Collectors.toSet());
    assertThat(benchmarks).isNotEmpty();

    List<String> jmh = new ArrayList<>();
    for (String command : commands()) {
      if (command.startsWith(JMH)) {
        jmh.add(command);
        check(shellWords(command.substring(JMH.length())), benchmarks, command);
      } else {
        assertThat(command).as("a command the page runs").startsWith("java -cp bench/target/benchmarks.jar ");
        String main = command.split("\\s+")[3];
        assertThat(Class.forName(main).getMethod("main", String[].class)).as(command).isNotNull();
      }
    }
    assertThat(jmh).as("the page's JMH commands").hasSizeGreaterThan(5);
  }

  @Test
  void check_misspelledBenchmarkOrProfiler_fails() throws Exception {
    Set<String> benchmarks = Set.of("dev.traceguard.bench.PropagatorBenchmark.extractValid");

    assertThatCode(() -> check(List.of("PropagatorBenchmark", "-f", "1"), benchmarks, "ok")).doesNotThrowAnyException();
    assertThatCode(() -> check(List.of("PropagatorBenchmarks"), benchmarks, "typo")).isInstanceOf(AssertionError.class);
    assertThatCode(() -> check(List.of("-prof", "dev.traceguard.bench.NoSuch"), benchmarks, "profiler"))
        .isInstanceOf(AssertionError.class);
    assertThatCode(() -> check(List.of("-fork", "2"), benchmarks, "option")).isInstanceOf(Exception.class);
  }

  private static void check(List<String> arguments, Set<String> benchmarks, String command) throws Exception {
    CommandLineOptions options = new CommandLineOptions(arguments.toArray(String[]::new));
    for (String include : options.getIncludes()) {
      Pattern pattern = Pattern.compile(include);
      assertThat(benchmarks).as("benchmarks matching %s in: %s", include, command)
          .anyMatch(name -> pattern.matcher(name).find());
    }
    for (ProfilerConfig profiler : options.getProfilers()) {
      assertThatCode(() -> ProfilerFactory.getProfilerOrException(profiler)).as("%s in: %s", profiler, command)
          .doesNotThrowAnyException();
    }
    for (String jvmArgument : options.getJvmArgsAppend().orElse(List.of())) {
      Matcher settings = SETTINGS.matcher(jvmArgument);
      while (settings.find()) {
        assertThat(ROOT.resolve(settings.group(1))).as(command).isRegularFile();
      }
    }
  }

  /** The commands of every block the page marks as checked here, continuation lines joined, comments dropped. */
  private static List<String> commands() throws IOException {
    String page = Files.readString(ROOT.resolve("docs/benchmarks.md"), StandardCharsets.UTF_8);
    Matcher block = BLOCK.matcher(page);
    List<String> commands = new ArrayList<>();
    while (block.find()) {
      assertThat(ROOT.resolve(block.group(1))).isEqualTo(ROOT.resolve(
          "bench/src/test/java/dev/traceguard/bench/BenchmarkCommandsTest.java"));
      StringBuilder current = new StringBuilder();
      for (String line : block.group(2).lines().toList()) {
        if (line.endsWith("\\")) {
          current.append(line, 0, line.length() - 1);
        } else {
          commands.add(current.append(line).toString().replaceFirst("\\s+#.*$", "").strip());
          current.setLength(0);
        }
      }
    }
    return commands;
  }

  /** Splits as {@code sh} does, for what these commands hold: words, and single- or double-quoted strings. */
  static List<String> shellWords(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    assertThat((int) quote).as("an unclosed quote in: %s", text).isZero();
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  @Test
  void shellWords_quotes_keepTheirSpacesAndLoseTheQuotes() {
    assertThat(shellWords(" A 'b|c$' -j \"-X 1 -Y\" -p 'x:y=1;z=2'"))
        .isEqualTo(Arrays.asList("A", "b|c$", "-j", "-X 1 -Y", "-p", "x:y=1;z=2"));
  }
}
