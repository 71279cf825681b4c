package dev.traceguard.mptck;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Writes the TCK results table of {@code docs/microprofile.md} from the run's TestNG reports, so the figures there
 * are the build's, never typed: per TCK and test class, the tests run, passed, failed and skipped. Run by the build
 * after the TCKs ({@code exec:java} at {@code verify}). With {@code write} it replaces the table between the markers;
 * without, it fails when the table differs from the run, naming the command that updates it.
 */
public final class TckResults {
  static final String START = "<!-- tck-results:start (generated from the TCK run by mp-tck's TckResults) -->";
  static final String END = "<!-- tck-results:end -->";
  private static final List<String> SUITES = List.of("tracing", "metrics", "metrics-jvm", "logs");

  private TckResults() {}

  /**
   * Arguments: the module's build directory, the document to check or write, and {@code true} to write it.
   *
   * @throws IllegalStateException when the document's table differs from the run and writing was not asked for
   */
  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    Path document = Path.of(args[1]);
    boolean write = args.length > 2 && Boolean.parseBoolean(args[2]);
    String table = table(target);
    String text = Files.readString(document, StandardCharsets.UTF_8);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalStateException(document + " has no TCK results markers");
    }
    String updated = text.substring(0, start + START.length()) + "\n" + table + text.substring(end);
    if (updated.equals(text)) {
      return;
    }
    if (write) {
      Files.writeString(document, updated, StandardCharsets.UTF_8);
      return;
    }
    throw new IllegalStateException(document + " does not show this run's TCK results; update it with"
        + " mvn -f mp-tck/pom.xml verify -Dtraceguard.docs.write=true");
  }

  /** The table: one row per test class, then a total per TCK. */
  static String table(Path target) throws Exception {
    StringBuilder out = new StringBuilder()
        .append("| TCK | Test class | Run | Passed | Failed | Skipped |\n")
        .append("|---|---|---:|---:|---:|---:|\n");
    for (String suite : SUITES) {
      Path report = target.resolve("surefire-reports-" + suite).resolve("testng-results.xml");
      if (!Files.exists(report)) {
        throw new IllegalStateException("no TestNG report at " + report + ": run the TCKs first");
      }
      Map<String, int[]> classes = counts(report);
      int[] total = new int[3];
      for (Map.Entry<String, int[]> entry : classes.entrySet()) {
        int[] c = entry.getValue();
        row(out, suite, entry.getKey(), c);
        for (int i = 0; i < 3; i++) {
          total[i] += c[i];
        }
      }
      row(out, suite, "**all**", total);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String suite, String name, int[] c) {
    out.append("| ").append(suite).append(" | ").append(name).append(" | ").append(c[0] + c[1] + c[2])
        .append(" | ").append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
  }

  /** Passed, failed and skipped test methods (configuration methods left out) per class, by simple name. */
  private static Map<String, int[]> counts(Path report) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(report.toFile());
    Map<String, int[]> classes = new TreeMap<>();
    NodeList classNodes = document.getElementsByTagName("class");
    for (int i = 0; i < classNodes.getLength(); i++) {
      Element type = (Element) classNodes.item(i);
      String name = type.getAttribute("name");
      String simple = name.substring(name.indexOf(".tck.") + 5);
      int[] c = classes.computeIfAbsent(simple, k -> new int[3]);
      NodeList methods = type.getElementsByTagName("test-method");
      for (int j = 0; j < methods.getLength(); j++) {
        Element method = (Element) methods.item(j);
        if ("true".equals(method.getAttribute("is-config"))) {
          continue;
        }
        switch (method.getAttribute("status")) {
          case "PASS" -> c[0]++;
          case "FAIL" -> c[1]++;
          default -> c[2]++;
        }
      }
    }
    return classes;
  }
}
