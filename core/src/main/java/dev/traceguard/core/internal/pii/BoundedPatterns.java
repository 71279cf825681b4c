package dev.traceguard.core.internal.pii;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.PiiPattern;
import dev.traceguard.core.LogThrottle;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * Runs the custom PII patterns, each within a budget, failing closed.
 *
 * <p>Why: a custom pattern is the user's regular expression, and Java's engine backtracks; a pattern a user would
 * plausibly write for IBANs ({@code \b[A-Z]{2}\d{2}(?: ?[A-Z0-9]+){3,8}\b}) takes tens of seconds on a 67-character
 * query, stalling the export thread while spans pile up. Each pattern reads the value through a character sequence
 * that counts what the engine reads: at most {@value #STEPS_PER_CHAR} reads per character of the value plus
 * {@value #BASE_STEPS}, and no longer than {@value #BASE_NANOS} ns plus {@value #NANOS_PER_CHAR} ns per character
 * (the clock is read every {@value #CLOCK_EVERY} reads). A linear pattern stays far below both; a backtracking one
 * meets them within milliseconds. A pattern over budget is abandoned for that value, and the whole value is
 * exported as {@link PiiMasker#REDACTED}, never raw; each abandonment is counted, and logged at most once a
 * minute naming the pattern. Thread-safe and immutable but for its counter.
 */
final class BoundedPatterns {
  static final long STEPS_PER_CHAR = 256;
  static final long BASE_STEPS = 65_536;
  static final long NANOS_PER_CHAR = 200;
  static final long BASE_NANOS = 2_000_000;
  private static final int CLOCK_EVERY = 4096;
  private static final Logger logger = Logger.getLogger(BoundedPatterns.class.getName());

  private final PiiPattern[] patterns;
  private final LongAdder abandoned = new LongAdder();
  private final LongAdder abandonedSinceLog = new LongAdder();
  private final LogThrottle logThrottle = LogThrottle.everyMinute();

  BoundedPatterns(List<PiiPattern> patterns) {
    this.patterns = patterns.toArray(new PiiPattern[0]);
  }

  boolean isEmpty() {
    return patterns.length == 0;
  }

  /** How many values were redacted whole because a pattern ran over its budget. */
  long abandoned() {
    return abandoned.sum();
  }

  /**
   * Applies every pattern in order: each non-empty match becomes the pattern's replacement, literally. Returns
   * {@code text} itself when nothing matched, and null when a pattern ran over its budget: the caller redacts the
   * whole value.
   */
  @Nullable String apply(String text) {
    String result = text;
    for (PiiPattern pattern : patterns) {
      try {
        result = replaceAll(result, pattern);
      } catch (OverBudget e) {
        abandon(pattern, text.length());
        return null;
      }
    }
    return result;
  }

  private void abandon(PiiPattern pattern, int length) {
    abandoned.increment();
    abandonedSinceLog.increment();
    if (logger.isLoggable(Level.WARNING) && logThrottle.tryAcquire()) {
      logger.log(Level.WARNING, "Traceguard abandoned the custom PII pattern ''{0}'' on a value of {1} characters:"
          + " it ran over its budget, so the whole value was exported as {2} ({3} values since the last message);"
          + " the pattern backtracks, rewrite it without nested or overlapping repetition",
          new Object[] {pattern.name(), length, PiiMasker.REDACTED, abandonedSinceLog.sumThenReset()});
    }
  }

  private static String replaceAll(String text, PiiPattern custom) {
    Matcher m = custom.pattern().matcher(new Budgeted(text));
    String replacement = custom.replacement();
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      int start = m.start();
      int end = m.end();
      // An empty match would insert the replacement between characters; a match equal to its replacement is
      // already masked, and replacing it would make a new string out of an unchanged one.
      if (start == end
          || (end - start == replacement.length() && text.regionMatches(start, replacement, 0, end - start))) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 16);
      }
      out.append(text, copied, start).append(replacement);
      copied = end;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** Thrown from inside the regex engine to stop it; carries no stack trace. */
  private static final class OverBudget extends RuntimeException {
    OverBudget() {
      super(null, null, false, false);
    }
  }

  /** The value as the regex engine reads it, counting every read against the budget. */
  private static final class Budgeted implements CharSequence {
    private final String text;
    private final long maxSteps;
    private final long deadline;
    private long steps;

    Budgeted(String text) {
      this.text = text;
      this.maxSteps = BASE_STEPS + STEPS_PER_CHAR * text.length();
      this.deadline = System.nanoTime() + BASE_NANOS + NANOS_PER_CHAR * text.length();
    }

    private Budgeted(String text, long maxSteps, long deadline, long steps) {
      this.text = text;
      this.maxSteps = maxSteps;
      this.deadline = deadline;
      this.steps = steps;
    }

    @Override
    public char charAt(int index) {
      if (++steps > maxSteps || (steps % CLOCK_EVERY == 0 && System.nanoTime() - deadline > 0)) {
        throw new OverBudget();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      // Group text and look-behinds read through here too: the sub-sequence spends the same budget's remainder.
      return new Budgeted(text.substring(start, end), maxSteps - steps, deadline, 0);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
