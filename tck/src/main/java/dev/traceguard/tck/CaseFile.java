package dev.traceguard.tck;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the kits' case files: UTF-8 text, one case per line, columns separated by one tab, a header line naming the
 * columns, and lines that are empty or start with {@code #} skipped.
 *
 * <p>Column values use four escapes, so that any string fits on one line: {@code \t} (tab), {@code \n} (line feed),
 * {@code \r} (carriage return) and {@code \\} (backslash). No other backslash sequence is allowed.
 *
 * <p>Stateless and thread-safe. A malformed file is a defect of the kit, so every method throws {@link
 * IllegalStateException} naming the file and line rather than returning partial data.
 */
public final class CaseFile {

  private static final Pattern REPEAT = Pattern.compile("\\{rep (\\d+) ([^{}]*)\\}");
  private static final Pattern SEQUENCE = Pattern.compile("\\{seq (\\d+) ([^{}]*)\\}");

  private CaseFile() {}

  /**
   * One line of a case file, its columns unescaped.
   *
   * @param line the line number in the file, from 1, for messages
   * @param columns the column values, as many as the header names
   */
  public record Row(int line, List<String> columns) {

    /** Copies {@code columns}; neither may be null. */
    public Row {
      columns = List.copyOf(columns);
    }

    /** Returns the value of column {@code index}, counted from 0. */
    public String get(int index) {
      return columns.get(index);
    }
  }

  /**
   * Reads {@code resource}, looked up beside {@code anchor} (as {@link Class#getResourceAsStream} does), checking
   * that its header is exactly {@code header} and that every line has as many columns.
   *
   * @return the rows in file order, never null
   * @throws IllegalStateException if the resource is missing, the header differs, a line has the wrong number of
   *     columns or a column uses an unknown escape
   */
  public static List<Row> read(Class<?> anchor, String resource, List<String> header) {
    requireNonNull(anchor, "anchor");
    requireNonNull(resource, "resource");
    String expectedHeader = String.join("\t", header);
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing beside " + anchor.getName());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Row> rows = new ArrayList<>();
      boolean headerSeen = false;
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (!headerSeen) {
          if (!line.equals(expectedHeader)) {
            throw new IllegalStateException(resource + ":" + lineNumber + ": unexpected header '" + line + "'");
          }
          headerSeen = true;
          continue;
        }
        String[] raw = line.split("\t", -1);
        if (raw.length != header.size()) {
          throw new IllegalStateException(resource + ":" + lineNumber + ": expected " + header.size()
              + " columns, found " + raw.length);
        }
        List<String> columns = new ArrayList<>(raw.length);
        for (String column : raw) {
          columns.add(unescape(column, resource, lineNumber));
        }
        rows.add(new Row(lineNumber, columns));
      }
      if (!headerSeen) {
        throw new IllegalStateException(resource + ": no header line");
      }
      return List.copyOf(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Undoes the four escapes described in the class comment.
   *
   * @param text a column as written in the file
   * @param resource the file's name, for the message of a failure
   * @param lineNumber the line, for the message of a failure
   * @throws IllegalStateException on an unknown escape or a lone backslash at the end
   */
  public static String unescape(String text, String resource, int lineNumber) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == text.length()) {
        throw new IllegalStateException(resource + ":" + lineNumber + ": a lone backslash ends a column");
      }
      char escaped = text.charAt(i);
      switch (escaped) {
        case 't':
          out.append('\t');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case '\\':
          out.append('\\');
          break;
        default:
          throw new IllegalStateException(resource + ":" + lineNumber + ": unknown escape \\" + escaped);
      }
    }
    return out.toString();
  }

  /**
   * Expands the two abbreviations the trace-context cases use for long values, after {@link #unescape}:
   * {@code {rep N text}} is {@code text} written N times, and {@code {seq N template}} is N copies of {@code
   * template} joined by commas, the i-th (from 0) with every {@code #} replaced by i. Neither nests.
   *
   * @param text an unescaped column
   * @return the expanded column; {@code text} itself when it holds no abbreviation
   */
  public static String expand(String text) {
    if (text.indexOf('{') < 0) {
      return text;
    }
    String repeated = replace(REPEAT, text, m -> m.group(2).repeat(Integer.parseInt(m.group(1))));
    return replace(SEQUENCE, repeated, m -> {
      int count = Integer.parseInt(m.group(1));
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < count; i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(m.group(2).replace("#", Integer.toString(i)));
      }
      return out.toString();
    });
  }

  private static String replace(Pattern pattern, String text, Function<Matcher, String> by) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(by.apply(matcher)));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
