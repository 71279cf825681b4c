package dev.traceguard.tck;

import java.util.Map;
import java.util.Set;

/**
 * Texts built to make a masker go back over what it has read: each shape repeats the start of a match that never
 * completes (an e-mail, a number, a secret, a domain). A masker that is linear in the text's length costs the same
 * per character on each of them at any length; one that rescans from every start is quadratic on at least one.
 * Shared by the masker's operation-counting test and {@code PiiMaskerAdversarialBenchmark}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AdversarialPiiTexts {
  private static final Map<String, String> UNITS = Map.ofEntries(
      Map.entry("atA", "@a"),
      Map.entry("aAt", "a@"),
      Map.entry("percent40", "a%40"),
      Map.entry("emailDomainLabels", "a@b."),
      Map.entry("digits", "1"),
      Map.entry("digitSpaces", "1 "),
      Map.entry("digitDashes", "1-"),
      Map.entry("separators", " -."),
      Map.entry("base64", "Ab9+"),
      Map.entry("keyValues", "password="),
      Map.entry("bearers", "Bearer "),
      Map.entry("jwtStarts", "eyJhbGciOi."),
      Map.entry("phoneStarts", "+1 (4"),
      Map.entry("ibanStarts", "DE44 "),
      Map.entry("tokenStarts", "ghp_a "),
      Map.entry("pemHeaders", "-----BEGIN RSA PRIVATE KEY-----"),
      Map.entry("quotedSecrets", "\"token\":\"a"),
      Map.entry("localRuns", "a.b%40c.d."));

  private AdversarialPiiTexts() {}

  /** Returns the names of the shapes, such as {@code atA} ({@code @a} repeated); the set is immutable. */
  public static Set<String> shapes() {
    return UNITS.keySet();
  }

  /**
   * Returns the shape's unit repeated and cut to exactly {@code length} characters, all ASCII.
   *
   * @param shape one of {@link #shapes()}
   * @param length the text's length, not negative
   * @throws IllegalArgumentException if the shape is unknown or the length negative
   */
  public static String text(String shape, int length) {
    String unit = UNITS.get(shape);
    if (unit == null || length < 0) {
      throw new IllegalArgumentException("no shape " + shape + " of length " + length + "; shapes: " + shapes());
    }
    StringBuilder built = new StringBuilder(length + unit.length());
    while (built.length() < length) {
      built.append(unit);
    }
    built.setLength(length);
    return built.toString();
  }
}
