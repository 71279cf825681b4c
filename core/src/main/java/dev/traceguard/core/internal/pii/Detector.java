package dev.traceguard.core.internal.pii;

import org.jspecify.annotations.Nullable;

/**
 * One built-in detector: how the {@link PiiScanner} asks it whether personal data or a secret starts at a position,
 * and how it masks what it finds.
 *
 * <p>The contract every implementation keeps, on which the scanner's linear time rests: {@link #maskAt} reads a
 * bounded number of characters past {@code p}, unless it masks, in which case it may read up to where it says the
 * scan goes on; or unless its match can only start where no other start of the same detector reads the same
 * characters (the start of a run, such as a key or a credential), each implementation saying which in its javadoc.
 * It allocates nothing unless it masks, and never throws for any {@code p} inside the text. Implementations are
 * stateless and thread-safe.
 */
interface Detector {
  /** What {@link #maskAt} answers when nothing of this detector starts at the position: try the next detector. */
  int NO_MATCH = -1;

  /** What {@link #maskAt} answers when it would mask but was given no copy: make one and ask again. */
  int NEEDS_COPY = -2;

  /**
   * Whether a match may start with the ASCII character {@code c}; the scanner builds its table of which detectors
   * to try at a character from this, once.
   */
  boolean mayStartWith(char c);

  /**
   * Matches at {@code p} and masks what it finds into {@code rewrite}.
   *
   * @param text the text being scanned
   * @param p a position the scanner found a possible start: not right after a word character or a dash
   * @param before the {@link Chars} class of the character before {@code p}, 0 at the start of the text
   * @param hints {@link PiiScanner#EMAIL_AHEAD} and {@link PiiScanner#SHORT_PHONES}, which the scanner works out
   *     because they depend on more of the text than one start
   * @param rewrite the masked copy, or null while nothing has been masked
   * @return {@link #NO_MATCH}; {@link #NEEDS_COPY} when {@code rewrite} is null and this would mask; otherwise
   *     where the scan goes on: after what was masked, or {@code p + 1} when a candidate was found and rejected
   *     (a number failing the Luhn check), so that no later detector masks inside it
   */
  int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite);
}
