package dev.traceguard.core.internal.pii;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.PiiPattern;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Traceguard's masker: the built-in detectors in one linear-time pass ({@link PiiScanner}; no regular expression
 * runs for them), then the custom patterns, each within a budget ({@link BoundedPatterns}).
 *
 * <p>What each detector masks, and how, is stated by its class: {@link ProviderTokens}, {@link Credentials}, {@link
 * Jwts} and {@link SecretValues} for {@link PiiDetector#SECRET}, {@link Ibans}, {@link Cards}, {@link Ssns}, {@link
 * Phones} and {@link Emails}. Numbers must stand alone: a candidate touching a letter, a digit, {@code @}, or a
 * {@code .}, {@code -}, {@code /} or {@code +} that continues into more digits is not masked, so trace and span
 * ids, UUIDs, ISO-8601 timestamps, version strings, IPv4 addresses, order numbers such as {@code ORD-2026-000123}
 * and integers of up to 12 digits are never altered.
 *
 * <h2>Guarantees</h2>
 *
 * <p>Thread-safe and immutable. {@link #mask} never throws and returns its argument itself when nothing changed,
 * having allocated nothing when no custom pattern is configured. It is idempotent: a masked result is checked again,
 * up to twice (a replacement can change how its neighbours read), and a text whose masking does not settle (which
 * the built-in detectors never cause, but a custom pattern whose replacement matches itself can) becomes {@link
 * #REDACTED} as a whole, as does a text whose masking fails (a custom pattern overflowing the stack or over its
 * budget). Idempotence with custom patterns holds when {@code mask(REDACTED)} is {@link #REDACTED}, that is, when
 * no custom pattern matches {@code [REDACTED]} with another replacement.
 */
public final class ScanningPiiMasker implements PiiMasker {
  private static final int MAX_ROUNDS = 3;

  private final Set<PiiDetector> detectors;
  private final List<PiiPattern> customPatterns;
  private final PiiScanner scanner;
  private final BoundedPatterns custom;

  private ScanningPiiMasker(Set<PiiDetector> detectors, List<PiiPattern> customPatterns) {
    this.detectors = detectors;
    this.customPatterns = customPatterns;
    this.scanner = PiiScanner.create(detectors);
    this.custom = new BoundedPatterns(customPatterns);
  }

  /**
   * Returns a masker running the given built-in detectors and custom patterns. Nothing is compiled here: the
   * built-in detectors need no expression, and custom patterns arrive compiled.
   *
   * @param detectors the built-in detectors to run; not null, may be empty; copied
   * @param customPatterns the custom rules, applied in this order after the built-in detectors; not null, may be
   *     empty; copied
   * @return a new thread-safe masker, never null
   * @throws NullPointerException if an argument or an element of one is null
   */
  public static ScanningPiiMasker create(Set<PiiDetector> detectors, List<PiiPattern> customPatterns) {
    requireNonNull(detectors, "detectors");
    requireNonNull(customPatterns, "customPatterns");
    EnumSet<PiiDetector> copy = EnumSet.noneOf(PiiDetector.class);
    for (PiiDetector detector : detectors) {
      copy.add(requireNonNull(detector, "detectors element"));
    }
    return new ScanningPiiMasker(Collections.unmodifiableSet(copy), List.copyOf(customPatterns));
  }

  /**
   * Returns {@code text} with the personal data and secrets of the enabled detectors and custom patterns masked.
   *
   * <p>Never throws and never blocks; thread-safe. Returns {@code text} itself whenever nothing was masked, and
   * then allocates nothing unless a custom pattern is configured. Idempotent: {@code
   * mask(mask(s)).equals(mask(s))}.
   *
   * <p>{@code text} must not be null (this package is null-marked); a null argument, outside that contract, is
   * returned as it is rather than thrown at, so that a careless caller on the export path loses no span.
   *
   * @param text the text to mask
   * @return the masked text; {@code text} itself when nothing needed masking
   */
  @Override
  public String mask(String text) {
    if (text == null) {
      return text;
    }
    try {
      String current = text;
      for (int round = 0; round < MAX_ROUNDS; round++) {
        String next = maskOnce(current);
        if (next == current) {
          return current;
        }
        current = next;
      }
      return REDACTED; // did not settle; seen only with a custom pattern matching its own replacement
    } catch (RuntimeException | StackOverflowError e) {
      return REDACTED; // never the unmasked text
    }
  }

  /** Returns the built-in detectors this masker runs, unmodifiable. */
  public Set<PiiDetector> detectors() {
    return detectors;
  }

  /** Returns the custom rules this masker applies, in order, unmodifiable. */
  public List<PiiPattern> customPatterns() {
    return customPatterns;
  }

  /**
   * Returns how many values were exported as {@link #REDACTED} whole because a custom pattern ran over its budget
   * on them ({@link BoundedPatterns}).
   */
  public long abandonedCustomMatches() {
    return custom.abandoned();
  }

  /** Returns a description naming the detectors and the custom rules. */
  @Override
  public String toString() {
    StringJoiner names = new StringJoiner(", ", "[", "]");
    for (PiiPattern pattern : customPatterns) {
      names.add(pattern.name());
    }
    return "ScanningPiiMasker{detectors=" + detectors + ", customPatterns=" + names + '}';
  }

  /** One round: the built-in detectors, then the custom patterns; {@code text} itself when nothing changed. */
  String maskOnce(String text) {
    CharSequence scanned = scanner.scan(text);
    String result = scanned == text ? text : scanned.toString();
    if (custom.isEmpty()) {
      return result;
    }
    String customized = custom.apply(result);
    return customized == null ? REDACTED : customized;
  }
}
