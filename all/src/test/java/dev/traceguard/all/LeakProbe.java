package dev.traceguard.all;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server's JVM still holds after applications were undeployed, read with {@code jcmd} after full garbage
 * collections: the heap in use, how many copies of a class are loaded (one per class loader that still lives: a
 * class-loader leak shows as more than one), and the live threads whose name holds a text.
 */
final class LeakProbe {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private LeakProbe() {}

  /** The heap in use after two full collections, in KB (metaspace not counted). */
  static long heapUsedKb(ServerProcess server) throws IOException, InterruptedException {
    server.jcmd("GC.run");
    server.jcmd("GC.run");
    return heapUsedKb(server.jcmd("GC.heap_info"));
  }

  static long heapUsedKb(String heapInfo) {
    long used = 0;
    for (String line : heapInfo.lines().toList()) {
      Matcher matcher = USED.matcher(line);
      if (!line.strip().startsWith("Metaspace") && !line.strip().startsWith("class space") && matcher.find()) {
        used += Long.parseLong(matcher.group(1));
      }
    }
    return used;
  }

  /** How many loaded copies of {@code className} hold live instances (a class histogram forces a full GC). */
  static long liveCopies(ServerProcess server, String className) throws IOException, InterruptedException {
    return liveCopies(server.jcmd("GC.class_histogram"), className);
  }

  static long liveCopies(String histogram, String className) {
    return histogram.lines().filter(line -> line.endsWith(" " + className) || line.contains(" " + className + " "))
        .count();
  }

  /** How many live instances of {@code className} there are, over all its loaded copies (after a full GC). */
  static long instances(ServerProcess server, String className) throws IOException, InterruptedException {
    return server.jcmd("GC.class_histogram").lines()
        .map(String::trim)
        .map(line -> line.split("\\s+"))
        .filter(columns -> columns.length >= 4 && columns[3].equals(className))
        .mapToLong(columns -> Long.parseLong(columns[1]))
        .sum();
  }

  /** How many live threads have {@code fragment} in their name. */
  static long threads(ServerProcess server, String fragment) throws IOException, InterruptedException {
    return server.jcmd("Thread.print").lines()
        .filter(line -> line.startsWith("\"") && line.substring(1, line.indexOf('"', 1)).contains(fragment))
        .count();
  }
}
