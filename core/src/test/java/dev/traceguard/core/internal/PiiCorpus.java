package dev.traceguard.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The PII corpus, {@code pii-corpus.tsv} beside this class: the cases the masker tests share. The file's header
 * comment describes its columns and escapes.
 */
final class PiiCorpus {
  static final String RESOURCE = "pii-corpus.tsv";

  /** One line of the corpus, unescaped. */
  record Case(String id, String category, boolean positive, String input, String expected) {
    @Override
    public String toString() {
      return id;
    }
  }

  private static final List<Case> CASES = load();

  private PiiCorpus() {}

  static List<Case> cases() {
    return CASES;
  }

  private static List<Case> load() {
    try (InputStream in = PiiCorpus.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the test class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Case> cases = new ArrayList<>();
      boolean header = true;
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          if (!line.equals("id\tcategory\tkind\tinput\texpected")) {
            throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": unexpected header '" + line + "'");
          }
          header = false;
          continue;
        }
        String[] columns = line.split("\t", -1);
        if (columns.length != 5) {
          throw new IllegalStateException(
              RESOURCE + ":" + lineNumber + ": expected 5 columns, found " + columns.length);
        }
        String kind = columns[2];
        if (!kind.equals("positive") && !kind.equals("negative")) {
          throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": unknown kind '" + kind + "'");
        }
        cases.add(new Case(columns[0], columns[1], kind.equals("positive"), unescape(columns[3], lineNumber),
            unescape(columns[4], lineNumber)));
      }
      return List.copyOf(cases);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Undoes the file's escapes: {@code \t}, {@code \n}, {@code \r} and {@code \\}. */
  static String unescape(String text, int lineNumber) {
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
        throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": a lone backslash ends a column");
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
          throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": unknown escape \\" + escaped);
      }
    }
    return out.toString();
  }
}
