package dev.traceguard.core.internal.pii;

import dev.traceguard.api.PiiDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one pass of the built-in detectors over a text: reads it left to right once and, at each position where
 * something may start, asks the enabled detectors in a fixed order; the first that matches there decides, so
 * detectors never mask inside each other's results.
 *
 * <h2>Order</h2>
 *
 * <ol>
 *   <li>secrets: provider tokens ({@link ProviderTokens}), {@code Bearer} and {@code Basic} credentials ({@link
 *       Credentials}), JWTs ({@link Jwts}), then key-value pairs ({@link SecretValues}). A key starts before its
 *       value, so {@code token=4111111111111111} or {@code password=alice@example.com} is one redacted secret;
 *   <li>IBANs ({@link Ibans});
 *   <li>cards ({@link Cards}), before SSNs and phones, so the groups of a 4-4-4-4 card are never read as a phone;
 *   <li>SSNs ({@link Ssns}), before phones, whose dashes they share;
 *   <li>phones ({@link Phones});
 *   <li>e-mail last ({@link Emails}).
 * </ol>
 *
 * <p>A candidate a detector rejects (a number failing Luhn) is left as it is, and the later detectors are not asked
 * at that position: the scan goes on at the next character.
 *
 * <h2>Linear time</h2>
 *
 * <p>Worst case O(n) in the text's length n, whatever the text, for this argument:
 *
 * <ol>
 *   <li>The position only moves forward: by one, or past a masked match. So there are at most n positions, and at
 *       each at most the ten detectors are asked.
 *   <li>A character right after a word character or a dash starts nothing, and at other characters only the
 *       detectors that {@linkplain Detector#mayStartWith may start} with that character are asked (one table
 *       look-up).
 *   <li>Each detector's attempt at a position reads a bounded number of characters past it (at most 64 for an
 *       e-mail's local part, 53 for a phone, 34 for an IBAN, 23 for a card, 11 for an SSN, a provider token's
 *       published length), except in three cases, each bounded in total: (a) what it masks, after which the scan
 *       goes on at the match's end, so each character is masked once; (b) a run read from its start only (a key,
 *       a credential, a JWT's parts, a run of digits, an e-mail's domain after its one separator), since a run's
 *       later characters follow a word character, a dash or a local-part character and start no such attempt;
 *       (c) searches the scanner shares across positions: the next {@code @} and the next {@code %40} are looked
 *       for again only once the scan has passed the last one found, and whether the text holds a long run of
 *       digits is worked out once per text.
 *   <li>Nothing recurses and nothing backtracks beyond a bounded window: where a detector gives back (an e-mail's
 *       labels), it gives back what it read, once.
 * </ol>
 *
 * <p>{@code PiiScannerLinearityTest} holds this by counting the characters read, on adversarial inputs of growing
 * size; {@code PiiMaskerAdversarialBenchmark} in {@code bench} measures it.
 *
 * <h2>Cost</h2>
 *
 * <p>Most characters cost a table look-up and a branch. A text in which nothing is masked is returned itself and
 * nothing is allocated, whatever candidates were tried: the copy ({@link Rewrite}) is made at the first change, by
 * asking that detector again once it exists. Thread-safe and immutable.
 */
final class PiiScanner {
  /** Hint: an {@code @} or {@code %40} is within an e-mail local part's reach of this position. */
  static final int EMAIL_AHEAD = 1;

  /** Hint: as {@link #EMAIL_AHEAD}, and the text holds a run of {@value Phones#MIN_DIGITS} digits. */
  static final int SHORT_PHONES = 1 << 1;

  private static final int NON_ASCII = 128;

  private final Detector[] detectors;
  /** For each ASCII character, and for letters and digits of other scripts, which detectors may start there. */
  private final int[] starters = new int[NON_ASCII + 1];
  private final int emailBit;
  private final int phoneBit;

  private PiiScanner(Set<PiiDetector> enabled) {
    List<Detector> list = new ArrayList<>();
    if (enabled.contains(PiiDetector.SECRET)) {
      list.addAll(List.of(ProviderTokens.INSTANCE, Credentials.INSTANCE, Jwts.INSTANCE, SecretValues.INSTANCE));
    }
    if (enabled.contains(PiiDetector.IBAN)) {
      list.add(Ibans.INSTANCE);
    }
    if (enabled.contains(PiiDetector.CARD)) {
      list.add(Cards.INSTANCE);
    }
    if (enabled.contains(PiiDetector.SSN)) {
      list.add(Ssns.INSTANCE);
    }
    if (enabled.contains(PiiDetector.PHONE)) {
      list.add(Phones.INSTANCE);
    }
    if (enabled.contains(PiiDetector.EMAIL)) {
      list.add(Emails.INSTANCE);
    }
    this.detectors = list.toArray(new Detector[0]);
    for (int i = 0; i < detectors.length; i++) {
      for (char c = 0; c < NON_ASCII; c++) {
        if (detectors[i].mayStartWith(c)) {
          starters[c] |= 1 << i;
        }
      }
    }
    this.emailBit = enabled.contains(PiiDetector.EMAIL) ? 1 << list.indexOf(Emails.INSTANCE) : 0;
    this.phoneBit = enabled.contains(PiiDetector.PHONE) ? 1 << list.indexOf(Phones.INSTANCE) : 0;
    starters[NON_ASCII] = emailBit; // a letter of another script starts nothing but an address (josé@, 用户@)
  }

  /** Returns a scanner running the given detectors; none makes one that returns every text as it is. */
  static PiiScanner create(Set<PiiDetector> enabled) {
    return new PiiScanner(enabled);
  }

  /**
   * Masks what the detectors find in {@code text}. Returns {@code text} itself when nothing was masked, a new
   * {@link String} otherwise. Reads {@code text} only through {@link CharSequence#charAt} and {@link
   * CharSequence#length}.
   */
  CharSequence scan(CharSequence text) {
    if (detectors.length == 0) {
      return text;
    }
    int length = text.length();
    @Nullable Rewrite rewrite = null;
    int numberRun = 0; // Phones.holdsNumberRun(text): 0 not yet known, 1 yes, -1 no
    // The next '@' and the next "%40" at or after p, each looked for again only once p has passed it: -1 none,
    // -2 not looked for yet.
    int nextAt = emailBit != 0 ? -2 : -1;
    int nextPercent = nextAt;
    int before = 0; // the class of the character before p
    boolean beforeLocal = false; // whether the character before p may be in an e-mail's local part
    int p = 0;
    while (p < length) {
      char c = text.charAt(p);
      boolean local = Chars.isLocalChar(c);
      int set;
      if (c < NON_ASCII) {
        set = (before & Chars.IN_RUN) != 0 ? 0 : starters[c];
      } else {
        set = local && !beforeLocal ? starters[NON_ASCII] : 0;
      }
      int next = Detector.NO_MATCH;
      if (set != 0) {
        int hints = 0;
        if ((set & emailBit) != 0 && local && !beforeLocal && (nextAt != -1 || nextPercent != -1)) {
          if (nextAt != -1 && nextAt < p) {
            nextAt = Chars.indexOf(text, '@', p);
          }
          if (nextPercent != -1 && nextPercent < p) {
            nextPercent = Chars.indexOf(text, "%40", p);
          }
          int mark = nextAt < 0 ? nextPercent : nextPercent < 0 ? nextAt : Math.min(nextAt, nextPercent);
          if (mark >= 0 && mark - p <= Emails.MAX_LOCAL_PART && Emails.isLocalPartAt(text, p)) {
            hints = EMAIL_AHEAD;
            if ((set & phoneBit) != 0) {
              if (numberRun == 0) {
                numberRun = Phones.holdsNumberRun(text) ? 1 : -1;
              }
              if (numberRun > 0) {
                hints |= SHORT_PHONES;
              }
            }
          }
        }
        for (int bits = set; bits != 0 && next == Detector.NO_MATCH; bits &= bits - 1) {
          Detector detector = detectors[Integer.numberOfTrailingZeros(bits)];
          next = detector.maskAt(text, p, before, hints, rewrite);
          if (next == Detector.NEEDS_COPY) { // the first change: make the copy, then ask again to fill it
            rewrite = new Rewrite(text);
            next = detector.maskAt(text, p, before, hints, rewrite);
          }
        }
      }
      if (next == Detector.NO_MATCH) {
        before = Chars.classOf(c);
        beforeLocal = local;
        p++;
      } else {
        p = next;
        char last = text.charAt(p - 1);
        before = Chars.classOf(last);
        beforeLocal = Chars.isLocalChar(last);
      }
    }
    return rewrite == null ? text : rewrite.finish();
  }
}
