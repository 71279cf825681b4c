package dev.traceguard.api;

import java.util.List;

/**
 * Thrown at start-up when configuration is invalid. Its message lists every problem found, one per line, each
 * naming the property, the value given and the rule it breaks, so one failed start shows everything to fix.
 */
public final class TraceguardConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param problems one line per invalid property, such as {@code otel.traces.sampler.arg='2': must be a number
   *     in [0, 1]}; at least one
   */
  public TraceguardConfigurationException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return "Invalid Traceguard configuration (" + count + "):\n  " + String.join("\n  ", problems);
  }

  /** Returns the problems, one per invalid property, in the order the properties were read. */
  public List<String> problems() {
    return problems;
  }
}
