package dev.traceguard.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Prints where a method's time goes in a JFR recording: of the execution samples of the threads whose names start
 * with a prefix, the share that has the method on the stack, then for each method it calls directly the share that
 * has that callee under it, largest first.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.traceguard.bench.JfrCallees recording.jfr ServerTracingFilter.filter [thread]
 * </pre>
 *
 * <p>Methods are named {@code SimpleClassName.method}, all overloads together. The thread prefix defaults to the
 * JMH worker's ({@code dev.traceguard.bench.}). JFR samples threads running Java code, so time spent inside the JVM
 * (for example {@code Throwable.getStackTrace()} building its elements) is under-counted.
 */
public final class JfrCallees {
  private JfrCallees() {}

  /** Reads the recording {@code args[0]} and prints the breakdown of method {@code args[1]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: JfrCallees <recording.jfr> <SimpleClass.method> [thread name prefix]");
      System.exit(2);
    }
    String target = args[1];
    String threadPrefix = args.length > 2 ? args[2] : "dev.traceguard.bench.";
    int samples = 0;
    int inTarget = 0;
    Map<String, Integer> callees = new HashMap<>();
    try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
            || !event.getThread("sampledThread").getJavaName().startsWith(threadPrefix)) {
          continue;
        }
        samples++;
        List<RecordedFrame> frames = event.getStackTrace().getFrames(); // innermost first
        Set<String> counted = new HashSet<>();
        boolean found = false;
        for (int i = frames.size() - 1; i >= 0; i--) {
          if (name(frames.get(i).getMethod()).equals(target)) {
            found = true;
            String callee = i == 0 ? "(the method itself)" : name(frames.get(i - 1).getMethod());
            if (counted.add(callee)) {
              callees.merge(callee, 1, Integer::sum);
            }
          }
        }
        if (found) {
          inTarget++;
        }
      }
    }
    System.out.printf("%,d samples of threads '%s*'; %s on the stack in %,d (%.1f %%)%n", samples, threadPrefix,
        target, inTarget, percent(inTarget, samples));
    int total = samples;
    callees.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
        .forEach(e -> System.out.printf("%6.2f %%  %s%n", percent(e.getValue(), total), e.getKey()));
  }

  private static String name(RecordedMethod method) {
    String type = method.getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + method.getName();
  }

  private static double percent(int part, int whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }
}
