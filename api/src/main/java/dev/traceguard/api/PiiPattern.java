package dev.traceguard.api;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A custom masking rule: every match of {@code pattern} is replaced with {@code replacement}.
 *
 * <p>Configured as {@code traceguard.pii.patterns.<name>=<regex>}. Two rules are equal when their names,
 * expressions, flags and replacements are.
 *
 * @param name identifies the rule in configuration and messages; non-blank
 * @param pattern the expression to find
 * @param replacement the text each match becomes, taken literally ({@code $} and {@code \} have no special meaning)
 */
public record PiiPattern(String name, Pattern pattern, String replacement) {

  /** Checks the name and requires every component. */
  public PiiPattern {
    requireNonNull(name, "name");
    requireNonNull(pattern, "pattern");
    requireNonNull(replacement, "replacement");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must be non-blank, was '" + name + "'");
    }
  }

  /**
   * Returns a rule replacing matches of {@code regex} with {@link PiiMasker#REDACTED}.
   *
   * @throws java.util.regex.PatternSyntaxException if {@code regex} does not compile
   */
  public static PiiPattern of(String name, String regex) {
    return of(name, regex, PiiMasker.REDACTED);
  }

  /**
   * Returns a rule replacing matches of {@code regex} with {@code replacement}.
   *
   * @throws java.util.regex.PatternSyntaxException if {@code regex} does not compile
   */
  public static PiiPattern of(String name, String regex, String replacement) {
    return new PiiPattern(name, Pattern.compile(requireNonNull(regex, "regex")), replacement);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PiiPattern)) {
      return false;
    }
    PiiPattern that = (PiiPattern) o;
    return name.equals(that.name)
        && pattern.pattern().equals(that.pattern.pattern())
        && pattern.flags() == that.pattern.flags()
        && replacement.equals(that.replacement);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, pattern.pattern(), pattern.flags(), replacement);
  }

  @Override
  public String toString() {
    return "PiiPattern{name=" + name + ", pattern=" + pattern.pattern() + ", replacement=" + replacement + '}';
  }
}
