package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.PiiPattern;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * Traceguard's masker: finds personal data and secrets in one pass of cheap character tests, confirms the candidates
 * with hand-written matchers (no regular expression runs for the built-in detectors), checks what a pattern alone cannot judge (the Luhn sum of
 * a card, the digit count of a phone number, the decoded form of a basic credential), and replaces what it confirms.
 *
 * <h2>What each detector masks</h2>
 *
 * <ul>
 *   <li>{@link PiiDetector#SECRET}: the value after a secret-named key becomes {@link #REDACTED}, in {@code
 *       key=value}, {@code key: value} and JSON forms, quotes kept ({@code password=[REDACTED]}, {@code
 *       "api_key": "[REDACTED]"}); a key is secret-named when it ends with a name that {@link HttpRedaction} lists,
 *       such as {@code password}, {@code token} or {@code authorization}. An authentication scheme word after the
 *       key is kept ({@code Authorization: Bearer [REDACTED]}); after {@code Digest}, whose credentials are a list
 *       of parameters, the value runs to the end of the line. Also the credential after {@code Bearer} or
 *       {@code Basic} ({@code Bearer [REDACTED]}) and a JWT, three base64url parts the first of which starts with
 *       {@code eyJ}, as a whole. A free-standing {@code Bearer x} counts when {@code x} holds a character other
 *       than a letter or is at least 20 letters long, so prose such as "bearer token" is left alone; a
 *       free-standing {@code Basic x} counts when {@code x} decodes as base64 to a text holding {@code :}. And,
 *       wherever they stand, provider tokens and private-key blocks recognizable by their published shapes (AWS,
 *       GitHub, Stripe, Slack, Google API keys, PEM private keys: {@link ProviderTokens}), each as a whole.
 *   <li>{@link PiiDetector#CARD}: 13 to 19 digits, plain or in groups of 4 (4-4-4-1..4, 4-4-4-4-1..3) or 4-6-4/5
 *       (American Express, Diners), separated by spaces, dashes or dots, one kind or mixed, that pass the Luhn
 *       check and start like a payment card (3, 4, 5 or 6; or 2221 to 2720 for 16 digits) become {@code
 *       ****-****-****-} and the last four digits. The prefix rule keeps epoch timestamps in milliseconds, microseconds and nanoseconds,
 *       which start with 1, from passing for cards.
 *   <li>{@link PiiDetector#SSN}: {@code 123-45-6789} or {@code 123 45 6789} (no group all zeros), and nine digits in
 *       a row right after {@code ssn} or {@code social security number} ({@code SSN: 123456789}), become {@code
 *       ***-**-****}.
 *   <li>{@link PiiDetector#IBAN}: international bank account numbers, spaced or not, that pass the mod-97 check
 *       keep their country code and last four characters ({@link Ibans}).
 *   <li>{@link PiiDetector#PHONE}: international numbers ({@code +}, a country code, then groups separated by
 *       space, dot or dash, one group possibly in parentheses; 9 to 15 digits in all) and the national styles of
 *       North America ({@code (415) 555-0132}, {@code 415.555.0132}, {@code 1-800-555-0199}), Korea and Japan
 *       ({@code 010-1234-5678}, {@code 03-1234-5678}), the United Kingdom and Germany ({@code 020 7946 0958},
 *       {@code 07700 900123}, {@code 030 901820}), France ({@code 01 42 68 53 00}), Brazil ({@code (11) 91234-5678}),
 *       Australia ({@code (02) 9876 5432}, {@code 0412 345 678}) and India ({@code 098765 43210}) become {@code
 *       ***-***-} and the last four digits. A national number needs its separators: a plain run of digits is never
 *       a phone.
 *   <li>{@link PiiDetector#EMAIL}: {@code local@domain} (the domain with a top-level domain of letters; {@code
 *       %40} counts as {@code @}; letters and digits of any script in the local part and the domain, as
 *       internationalized addresses have them, punycode as it is) becomes the first character of the local part,
 *       {@code ***}, the separator and the whole domain: {@code a***@example.com}, {@code 用***@例子.广告}.
 *   <li>Custom {@link PiiPattern}s: every non-empty match becomes the pattern's replacement, literally, each
 *       pattern within a budget of reads and time; over it, the whole value becomes {@link #REDACTED} ({@link
 *       BoundedPatterns}).
 * </ul>
 *
 * <p>Numbers must stand alone: a candidate touching a letter, a digit, {@code @}, or a {@code .}, {@code -},
 * {@code /} or {@code +} that continues into more digits is not masked. So trace and span ids, UUIDs, ISO-8601
 * timestamps, version strings, IPv4 addresses, order numbers such as {@code ORD-2026-000123} and integers of up to
 * 12 digits are never altered.
 *
 * <h2>Order</h2>
 *
 * <p>The text is read once, left to right. At each position where something may start, the enabled detectors are
 * tried in this order, and the first that matches there decides, so detectors never mask inside each other's
 * results:
 *
 * <ol>
 *   <li>secrets: {@code Bearer}, {@code Basic} and JWTs, then key-value pairs. A key starts before its value, so
 *       {@code token=4111111111111111} or {@code password=alice@example.com} is one redacted secret, not a card
 *       or an address;
 *   <li>cards, before SSNs and phones, so the groups of a 4-4-4-4 card are never read as a phone number;
 *   <li>SSNs, before phones, whose dashes they share;
 *   <li>phones;
 *   <li>e-mail last. Numbers refuse to touch {@code @}, so digits in a local part are left to the e-mail detector.
 * </ol>
 *
 * <p>A candidate the checks reject (a number failing Luhn, a phone number with too few digits) is left as it is,
 * and the later detectors are not tried at that position: the search goes on at the next character. A phone-shaped
 * run of fewer than {@value #MIN_DIGITS} digits is such a rejected candidate only when the text holds, somewhere, a
 * run of at least {@value #MIN_DIGITS} digits (separators between them allowed); otherwise the e-mail detector is
 * tried there, as it always was. Custom patterns run afterwards, in list order, on the result.
 *
 * <h2>Cost</h2>
 *
 * <p>One pass over the characters, most of which cost a table look-up and a branch: a character right after a word
 * character or a dash starts nothing (every detector's match starts a run), and neither does one that no detector
 * can start with. Where something may start, character tests decide which detectors can match there and be masked
 * before any matcher runs: {@code bearer} or {@code basic} and a blank, {@code eyJ}, a secret-named key followed
 * by {@code :} or {@code =}; an {@code @} or {@code %40} within 64 local-part characters (found with {@link
 * String#indexOf}, so a text without one never looks again); 13 digits within a card's length, 9 within a phone
 * number's. Every format is then matched by hand, each exactly as the regular expression it replaced would match
 * (backtracking included; {@code RegexPiiMaskerDifferentialTest} compares the last ones replaced, key-value pairs,
 * phone numbers and basic credentials, with those expressions on random texts). A text in which nothing is masked is
 * returned itself and nothing is allocated, whatever candidates were tried: the copy is made at the first change, by
 * matching that position again once it exists. When something was masked, the result is masked once more to confirm it is stable (see below): a replacement can change what its neighbours read as, so
 * this round is kept.
 *
 * <h2>Guarantees</h2>
 *
 * <p>Thread-safe and immutable. {@link #mask} never throws and returns its argument itself when nothing changed.
 * It is idempotent: a masked result is checked again, up to twice, and a text whose masking does not settle (which
 * the built-in detectors never cause, but a custom pattern whose replacement matches itself can) becomes {@link
 * #REDACTED} as a whole, as does a text whose masking fails (a custom pattern overflowing the stack). Idempotence
 * with custom patterns holds when {@code mask(REDACTED)} is {@link #REDACTED}, that is, when no custom pattern
 * matches {@code [REDACTED]} with another replacement.
 */
public final class RegexPiiMasker implements PiiMasker {

  /** The fewest digits in one run that a card, SSN or phone number holds: {@value}. */
  static final int MIN_DIGITS = 9;

  private static final int MIN_CARD_DIGITS = 13;
  private static final int MAX_PHONE_DIGITS = 15;
  private static final int MAX_ROUNDS = 3;
  private static final int MAX_LOCAL_PART = 64;
  // The longest a match can be: 19 digits and 4 separators; a phone's longest alternative, the international one
  private static final int MAX_CARD_LENGTH = 23;
  private static final int MAX_PHONE_LENGTH = 53;
  private static final int SSN_LENGTH = 11;
  /** Words after which a plain run of nine digits is taken for an SSN, ASCII case ignored. */
  private static final List<String> SSN_WORDS = List.of("ssn", "social security number", "social security no");

  private static final String SSN_MASK = "***-**-****";
  private static final String PHONE_MASK = "***-***-";
  private static final String CARD_MASK = "****-****-****-";
  private static final String EMAIL_MASK = "***";
  private static final String[] KEPT_SCHEMES = {"bearer", "basic", "digest", "negotiate"};

  // --- Character classes, ASCII only like the expressions' \w and \d: a letter of another script next to a number
  // or an address is a boundary (電話+81 3-1234-5678, alice@example.com입니다).

  private static final int WORD = 1; // [A-Za-z0-9_]
  private static final int DASH = 1 << 1;
  private static final int DOT = 1 << 2;
  private static final int PLUS = 1 << 3;
  private static final int SLASH = 1 << 4;
  private static final int AT = 1 << 5;
  private static final int PERCENT = 1 << 6;
  private static final int DIGIT = 1 << 7;
  private static final int KEY_START = 1 << 8; // [A-Za-z_]
  private static final int OPEN = 1 << 9; // (
  private static final int PHONE_RUN = 1 << 10; // digits and what separates a phone's groups
  private static final int CARD_RUN = 1 << 11; // digits, space, dash and dot

  /** No match starts right after these: a word character or a dash. */
  private static final int IN_RUN = WORD | DASH;
  /** A key-value pair's key does not start after these. */
  private static final int KEY_BEFORE = WORD | DOT | DASH;
  /** A number does not start after these. */
  private static final int NUMBER_BEFORE = WORD | DOT | DASH | PLUS | SLASH | AT;
  private static final int NUMBER_START = DIGIT | PLUS | OPEN;
  /** What an e-mail local part is made of; it does not start after one of these either. */
  private static final int LOCAL = WORD | DOT | PERCENT | PLUS | DASH;
  private static final int ANY_START = LOCAL | OPEN;

  private static final int[] CLASSES = classes();
  private static final int[] SECRET_ENDINGS = secretEndings();

  /** What {@link #matchAt} answers when no detector matches at a position. */
  private static final int NO_MATCH = -1;

  /** What {@link #matchAt} answers when it would mask but has no copy yet: make one and ask again. */
  private static final int NEEDS_SCAN = -2;

  private final Set<PiiDetector> detectors;
  private final List<PiiPattern> customPatterns;
  private final BoundedPatterns custom;
  private final boolean secret;
  private final boolean card;
  private final boolean ssn;
  private final boolean phone;
  private final boolean email;
  private final boolean iban;
  private final boolean numbers;
  private final boolean anyDetector;

  private RegexPiiMasker(Set<PiiDetector> detectors, List<PiiPattern> customPatterns) {
    this.detectors = detectors;
    this.customPatterns = customPatterns;
    this.custom = new BoundedPatterns(customPatterns);
    this.secret = detectors.contains(PiiDetector.SECRET);
    this.card = detectors.contains(PiiDetector.CARD);
    this.ssn = detectors.contains(PiiDetector.SSN);
    this.phone = detectors.contains(PiiDetector.PHONE);
    this.email = detectors.contains(PiiDetector.EMAIL);
    this.iban = detectors.contains(PiiDetector.IBAN);
    this.numbers = card || ssn || phone;
    this.anyDetector = !detectors.isEmpty();
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
  public static RegexPiiMasker create(Set<PiiDetector> detectors, List<PiiPattern> customPatterns) {
    requireNonNull(detectors, "detectors");
    requireNonNull(customPatterns, "customPatterns");
    EnumSet<PiiDetector> copy = EnumSet.noneOf(PiiDetector.class);
    for (PiiDetector detector : detectors) {
      copy.add(requireNonNull(detector, "detectors element"));
    }
    return new RegexPiiMasker(Collections.unmodifiableSet(copy), List.copyOf(customPatterns));
  }

  /**
   * Returns {@code text} with the personal data and secrets of the enabled detectors and custom patterns masked.
   *
   * <p>Never throws and never blocks; thread-safe. Returns {@code text} itself whenever nothing was masked, and
   * then allocates nothing unless a custom pattern is configured (each makes a {@link Matcher}). Idempotent: {@code mask(mask(s)).equals(mask(s))}.
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
    return "RegexPiiMasker{detectors=" + detectors + ", customPatterns=" + names + '}';
  }

  /** One round: the built-in detectors, then the custom patterns; {@code text} itself when nothing changed. */
  String maskOnce(String text) {
    String result = anyDetector ? maskBuiltIn(text) : text;
    if (custom.isEmpty()) {
      return result;
    }
    String customized = custom.apply(result);
    return customized == null ? REDACTED : customized;
  }

  // --- The built-in pass --------------------------------------------------------------------------------------

  private static int[] classes() {
    int[] classes = new int[128];
    for (char c = '0'; c <= '9'; c++) {
      classes[c] = WORD | DIGIT | PHONE_RUN | CARD_RUN;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      classes[c] = WORD | KEY_START;
      classes[c - 'a' + 'A'] = WORD | KEY_START;
    }
    classes['_'] = WORD | KEY_START;
    classes['-'] = DASH | PHONE_RUN | CARD_RUN;
    classes[' '] = PHONE_RUN | CARD_RUN;
    classes['.'] = DOT | PHONE_RUN | CARD_RUN;
    classes['+'] = PLUS | PHONE_RUN;
    classes['/'] = SLASH | PHONE_RUN;
    classes['('] = OPEN | PHONE_RUN;
    classes[')'] = PHONE_RUN;
    classes['@'] = AT;
    classes['%'] = PERCENT;
    return classes;
  }

  private static int classOf(char c) {
    return c < 128 ? CLASSES[c] : 0;
  }

  /**
   * Masks what the built-in detectors find, in one left-to-right pass. Most characters cost one table look-up:
   * only a position that does not follow a word character or a dash, holding a character some detector starts
   * with, is examined by {@link #candidatesAt}; the masked copy is made at the first change.
   */
  private String maskBuiltIn(String text) {
    int length = text.length();
    Rewrite rewrite = null;
    int numberRun = 0; // holdsNumberRun(text): 0 not yet known, 1 yes, -1 no
    // The next '@' and the next "%40" at or after p, each looked for again only once p has passed it, so that the
    // whole pass reads the text at most twice more however many candidates it has: -1 none, -2 not looked for.
    int nextAt = email ? -2 : -1;
    int nextPercent = email ? -2 : -1;
    int before = 0; // the class of the character before p
    boolean beforeLocal = false; // whether the character before p may be in an e-mail's local part
    int p = 0;
    while (p < length) {
      char c = text.charAt(p);
      int here = classOf(c);
      boolean local = isLocalChar(c);
      // A letter of another script starts nothing but an e-mail address (josé@, 用户@).
      boolean wideStart = here == 0 && local && !beforeLocal && email;
      if (((before & IN_RUN) != 0 || (here & ANY_START) == 0) && !wideStart) {
        before = here;
        beforeLocal = local;
        p++;
        continue;
      }
      boolean emailHere = false;
      if ((nextAt != -1 || nextPercent != -1) && local && !beforeLocal) {
        if (nextAt != -1 && nextAt < p) {
          nextAt = text.indexOf('@', p);
        }
        if (nextPercent != -1 && nextPercent < p) {
          nextPercent = text.indexOf("%40", p);
        }
        int mark = nextAt < 0 ? nextPercent : nextPercent < 0 ? nextAt : Math.min(nextAt, nextPercent);
        emailHere = mark >= 0 && mark - p <= MAX_LOCAL_PART && isLocalPartAt(text, p);
      }
      int candidates = candidatesAt(text, p, here, before, emailHere);
      int next = NO_MATCH;
      if (candidates != 0) {
        if ((candidates & SHORT_PHONE_CANDIDATE) != 0) {
          if (numberRun == 0) {
            numberRun = holdsNumberRun(text) ? 1 : -1;
          }
          if (numberRun < 0) {
            candidates &= ~SHORT_PHONE_CANDIDATE;
          }
        }
        next = matchAt(rewrite, text, p, candidates);
        if (next == NEEDS_SCAN) { // the first change: make the copy, then match again to fill it
          rewrite = new Rewrite(text);
          next = matchAt(rewrite, text, p, candidates);
        }
      }
      if (next == NO_MATCH) {
        before = here;
        beforeLocal = local;
        p++;
      } else {
        p = next;
        before = classOf(text.charAt(p - 1));
        beforeLocal = isLocalChar(text.charAt(p - 1));
      }
    }
    return rewrite == null ? text : rewrite.finish();
  }

  /** Whether 1 to 64 local-part characters from {@code p} reach an {@code @} or {@code %40}. */
  private static boolean isLocalPartAt(String text, int p) {
    int end = Math.min(text.length(), p + MAX_LOCAL_PART + 1);
    for (int i = p + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c == '@' || (c == '%' && text.startsWith("40", i + 1))) {
        return true;
      }
      if (!isLocalChar(c)) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether {@code c} may be in an e-mail address's local part: {@code [\w.%+-]}, or a letter or digit of another
   * script (internationalized addresses, RFC 6531).
   */
  private static boolean isLocalChar(char c) {
    return c < 128 ? (CLASSES[c] & LOCAL) != 0 : Character.isLetterOrDigit(c);
  }

  // Candidates at one position, in the order they are tried.
  private static final int BEARER_CANDIDATE = 1;
  private static final int BASIC_CANDIDATE = 1 << 1;
  private static final int JWT_CANDIDATE = 1 << 2;
  private static final int KV_CANDIDATE = 1 << 3;
  private static final int CARD_CANDIDATE = 1 << 4;
  private static final int SSN_CANDIDATE = 1 << 5;
  private static final int PHONE_CANDIDATE = 1 << 6;
  /** A phone-shaped run too short to be masked, which still stops the e-mail detector in a text with numbers. */
  private static final int SHORT_PHONE_CANDIDATE = 1 << 7;
  private static final int EMAIL_CANDIDATE = 1 << 8;
  private static final int TOKEN_CANDIDATE = 1 << 9;
  private static final int IBAN_CANDIDATE = 1 << 10;

  /**
   * Returns which detectors may match at {@code p}, as candidate bits: those whose matcher can match there and
   * whose match can be masked, decided with character tests only. Allocates nothing.
   */
  private int candidatesAt(String text, int p, int here, int before, boolean emailHere) {
    int candidates = 0;
    if (secret && ProviderTokens.mayStartWith(text.charAt(p)) && ProviderTokens.end(text, p) > 0) {
      candidates |= TOKEN_CANDIDATE;
    }
    if (iban && (before & WORD) == 0 && Ibans.mayStartAt(text, p)) {
      candidates |= IBAN_CANDIDATE;
    }
    if (secret && (here & KEY_START) != 0) {
      char c = text.charAt(p);
      if ((c | 0x20) == 'b') {
        if (isWordThenBlank(text, p, "bearer")) {
          candidates |= BEARER_CANDIDATE;
        } else if (isWordThenBlank(text, p, "basic")) {
          candidates |= BASIC_CANDIDATE;
        }
      } else if (c == 'e' && text.startsWith("yJ", p + 1)) {
        candidates |= JWT_CANDIDATE;
      }
      // Whatever follows a key-value pair's key, no later detector can match where the key starts, so a pair whose
      // key is not secret-named is passed over without matching it.
      if ((before & KEY_BEFORE) == 0) {
        int keyEnd = keyEnd(text, p);
        if (assignmentEnd(text, keyEnd) >= 0 && isSecretKey(text, p, keyEnd)) {
          candidates |= KV_CANDIDATE;
        }
      }
    }
    if (numbers && (here & NUMBER_START) != 0 && (before & NUMBER_BEFORE) == 0) {
      boolean digit = (here & DIGIT) != 0;
      if (card && digit && digitsAhead(text, p, MAX_CARD_LENGTH, CARD_RUN) >= MIN_CARD_DIGITS) {
        candidates |= CARD_CANDIDATE;
      }
      if (ssn && digit && ssnEnd(text, p) > 0) {
        candidates |= SSN_CANDIDATE;
      }
      if (phone) {
        if (digitsAhead(text, p, MAX_PHONE_LENGTH, PHONE_RUN) >= MIN_DIGITS) {
          candidates |= PHONE_CANDIDATE;
        } else if (emailHere) {
          candidates |= SHORT_PHONE_CANDIDATE;
        }
      }
    }
    if (emailHere) {
      candidates |= EMAIL_CANDIDATE;
    }
    return candidates;
  }

  /**
   * Tries the candidate detectors at {@code p} in their order; returns {@link #NO_MATCH} when none matches, else
   * where the search goes on: after the masked match, or at {@code p + 1} when the first match there was rejected.
   */
  private static int matchAt(@Nullable Rewrite rewrite, String text, int p, int candidates) {
    if ((candidates & TOKEN_CANDIDATE) != 0) {
      int end = ProviderTokens.end(text, p);
      return replace(rewrite, p, end, REDACTED, end);
    }
    if ((candidates & BEARER_CANDIDATE) != 0) {
      int tokenStart = skipBlanks(text, p + 6);
      int end = credentialEnd(text, tokenStart, false);
      if (end > tokenStart) {
        if (!isBearerToken(text, tokenStart, end)) {
          return p + 1;
        }
        return replace(rewrite, tokenStart, end, REDACTED, end);
      }
    }
    if ((candidates & BASIC_CANDIDATE) != 0) {
      int credStart = skipBlanks(text, p + 5);
      int end = credentialEnd(text, credStart, true);
      if (end > credStart && (end == text.length() || (classOf(text.charAt(end)) & IN_RUN) == 0)) {
        if (!isBasicCredential(text, credStart, end)) {
          return p + 1;
        }
        return replace(rewrite, credStart, end, REDACTED, end);
      }
    }
    if ((candidates & JWT_CANDIDATE) != 0) {
      int end = jwtEnd(text, p);
      if (end > 0) {
        return replace(rewrite, p, end, REDACTED, end);
      }
    }
    if ((candidates & KV_CANDIDATE) != 0) {
      long match = keyValueAt(text, p);
      if (match >= 0) {
        return maskValue(rewrite, text, p, (int) (match >>> 32), (int) match);
      }
    }
    if ((candidates & IBAN_CANDIDATE) != 0) {
      int end = Ibans.end(text, p);
      if (end > 0) {
        return replace(rewrite, p, end, rewrite == null ? "" : Ibans.mask(text, p, end), end);
      }
    }
    if ((candidates & CARD_CANDIDATE) != 0) {
      int end = cardEnd(text, p);
      if (end > 0) {
        if (!isCardNumber(text, p, end)) {
          return p + 1;
        }
        return replaceKeepingLastDigits(rewrite, p, end, CARD_MASK);
      }
    }
    if ((candidates & SSN_CANDIDATE) != 0) {
      int end = ssnEnd(text, p);
      return replace(rewrite, p, end, SSN_MASK, end);
    }
    if ((candidates & (PHONE_CANDIDATE | SHORT_PHONE_CANDIDATE)) != 0) {
      int matchEnd = phoneMatchEnd(text, p);
      if (matchEnd > 0) {
        int end = phoneEnd(text, p, matchEnd);
        if (end < 0) {
          return p + 1;
        }
        return replaceKeepingLastDigits(rewrite, p, end, PHONE_MASK);
      }
    }
    if ((candidates & EMAIL_CANDIDATE) != 0) {
      long match = emailAt(text, p);
      if (match >= 0) {
        return replace(rewrite, p + 1, (int) (match >>> 32), EMAIL_MASK, (int) match);
      }
    }
    return NO_MATCH;
  }

  /**
   * Replaces {@code [start, end)} in the copy and returns {@code next}, where the search goes on; returns {@link
   * #NEEDS_SCAN} without replacing when there is no copy yet, so that nothing is made for a text left unchanged.
   */
  private static int replace(@Nullable Rewrite rewrite, int start, int end, String replacement, int next) {
    if (rewrite == null) {
      return NEEDS_SCAN;
    }
    rewrite.replace(start, end, replacement);
    return next;
  }

  /** As {@link #replace}, with {@code mask} and then the last four digits of the number as the replacement. */
  private static int replaceKeepingLastDigits(@Nullable Rewrite rewrite, int start, int end, String mask) {
    int next = replace(rewrite, start, end, mask, end);
    if (rewrite != null) {
      rewrite.appendLastDigits(start, end);
    }
    return next;
  }

  /**
   * Matches an e-mail address at {@code p} by hand, as the expression {@code [\w.%+-]{1,64}(?:@|%40)} then {@code
   * (?:label\.)+[A-Za-z]{2,63}} (a label: 1 to 63 letters, digits and dashes, not starting or ending with a dash)
   * then neither a letter, digit, dash, {@code @} nor {@code %40} would, backtracking included: the longest local
   * part first, and for each the most labels first. Returns {@code localEnd << 32 | end}, or -1.
   */
  static long emailAt(String text, int p) {
    int length = text.length();
    int runEnd = p;
    while (runEnd < length && runEnd - p < MAX_LOCAL_PART && isLocalChar(text.charAt(runEnd))) {
      runEnd++;
    }
    for (int k = runEnd; k > p; k--) {
      int domain;
      if (k < length && text.charAt(k) == '@') {
        domain = k + 1;
      } else if (text.startsWith("%40", k)) {
        domain = k + 3;
      } else {
        continue;
      }
      int end = domainEnd(text, domain);
      if (end > 0) {
        return ((long) k << 32) | end;
      }
    }
    return -1;
  }

  /** Returns the end of a domain (labels, dots and a top-level domain) starting at {@code d}, or -1. */
  private static int domainEnd(String text, int d) {
    int length = text.length();
    // The labels, each followed by a dot, as many as there are; then the top-level domain after as many of them
    // as lets it match, from the most down to one.
    int count = 0;
    int q = d;
    while (true) {
      int end = q;
      while (end < length && isLabelChar(text.charAt(end))) {
        end++;
      }
      int n = end - q;
      if (end >= length || text.charAt(end) != '.' || n == 0 || n > 63 || text.charAt(q) == '-'
          || text.charAt(end - 1) == '-') {
        break;
      }
      count++;
      q = end + 1;
    }
    for (int labels = count; labels > 0; labels--) {
      int tldEnd = topLevelDomainEnd(text, q);
      if (tldEnd > 0) {
        return tldEnd;
      }
      q = labelStart(text, d, q - 1); // give back the last label: its dot is at q - 1
    }
    return -1;
  }

  private static int labelStart(String text, int domainStart, int dot) {
    int i = dot;
    while (i > domainStart && isLabelChar(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /** Returns the end of 2 to 63 letters at {@code q} followed by no letter, digit, dash, {@code @} or {@code %40}. */
  private static int topLevelDomainEnd(String text, int q) {
    int length = text.length();
    int end = q;
    while (end < length && isDomainLetter(text.charAt(end))) {
      end++;
    }
    int n = end - q;
    if (n < 2 || n > 63) {
      return -1;
    }
    if (end < length) {
      char c = text.charAt(end);
      if (isDigit(c) || c == '-' || c == '@' || text.startsWith("%40", end)) {
        return -1;
      }
    }
    return end;
  }

  private static boolean isLabelChar(char c) {
    return isAsciiLetter(c) || isDigit(c) || c == '-' || (c >= 128 && Character.isLetterOrDigit(c));
  }

  /** A top-level domain's letters: ASCII, or of another script ({@code .рф}, {@code .广告}: IDN in Unicode). */
  private static boolean isDomainLetter(char c) {
    return isAsciiLetter(c) || (c >= 128 && Character.isLetter(c));
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int skipBlanks(String text, int i) {
    return skipBlanks(text, i, Integer.MAX_VALUE);
  }

  /** Returns the index after at most {@code most} blanks from {@code i}. */
  private static int skipBlanks(String text, int i, int most) {
    int end = i;
    while (end < text.length() && end - i < most && isBlank(text.charAt(end))) {
      end++;
    }
    return end;
  }

  /**
   * Returns the end of a credential at {@code i}, or {@code i} when there is none: its characters, then any
   * {@code =} padding. A bearer token's characters are {@code [\w.~+/-]}, a basic credential's {@code
   * [A-Za-z0-9+/]}; neither gives any back, like the possessive expressions they replace.
   */
  private static int credentialEnd(String text, int i, boolean basic) {
    int length = text.length();
    int end = i;
    while (end < length && isCredentialChar(text.charAt(end), basic)) {
      end++;
    }
    if (end == i) {
      return i;
    }
    while (end < length && text.charAt(end) == '=') {
      end++;
    }
    return end;
  }

  private static boolean isCredentialChar(char c, boolean basic) {
    int cls = classOf(c);
    if (basic) {
      return ((cls & WORD) != 0 && c != '_') || c == '+' || c == '/';
    }
    return (cls & (WORD | DASH | DOT | PLUS | SLASH)) != 0 || c == '~';
  }

  /** Returns the end of a JWT at {@code p}: {@code eyJ} and 7 or more, a dot, 2 or more, a dot, any [\w-]; or -1. */
  static int jwtEnd(String text, int p) {
    int first = tokenRunEnd(text, p + 3);
    if (first - p - 3 < 7 || first >= text.length() || text.charAt(first) != '.') {
      return -1;
    }
    int second = tokenRunEnd(text, first + 1);
    if (second - first - 1 < 2 || second >= text.length() || text.charAt(second) != '.') {
      return -1;
    }
    return tokenRunEnd(text, second + 1);
  }

  private static int tokenRunEnd(String text, int i) {
    while (i < text.length() && (classOf(text.charAt(i)) & IN_RUN) != 0) {
      i++;
    }
    return i;
  }

  /**
   * Returns the end of a card-shaped number at {@code p}, or -1, trying the shapes in order: 4-4-4-4-1..3,
   * 4-4-4-1..4, 4-6-4..5 (one separator, space or dash, throughout, and not followed by it and a digit), then 13 to
   * 19 plain digits; each followed by the number's end. A group of digits is always a whole run: the number's end
   * rejects a digit after it.
   */
  static int cardEnd(String text, int p) {
    int first = digitRun(text, p);
    if (first == 4 && isCardSeparator(text, p + 4)) {
      int i2 = p + 5;
      int second = digitRun(text, i2);
      if (second == 4 && isCardSeparator(text, i2 + 4)) {
        int i3 = i2 + 5;
        if (digitRun(text, i3) == 4 && isCardSeparator(text, i3 + 4)) {
          int i4 = i3 + 5;
          int fourth = digitRun(text, i4);
          if (fourth == 4 && isCardSeparator(text, i4 + 4)) {
            int i5 = i4 + 5;
            int fifth = digitRun(text, i5);
            if (fifth >= 1 && fifth <= 3 && isCardEnd(text, i5 + fifth)) {
              return i5 + fifth;
            }
          }
          if (fourth >= 1 && fourth <= 4 && isCardEnd(text, i4 + fourth)) {
            return i4 + fourth;
          }
        }
      }
      if (second == 6 && isCardSeparator(text, i2 + 6)) {
        int i3 = i2 + 7;
        int third = digitRun(text, i3);
        if (third >= 4 && third <= 5 && isCardEnd(text, i3 + third)) {
          return i3 + third;
        }
      }
    }
    return first >= MIN_CARD_DIGITS && first <= 19 && isNumberEnd(text, p + first) ? p + first : -1;
  }

  private static boolean isCardEnd(String text, int end) {
    return isNumberEnd(text, end)
        && !(isCardSeparator(text, end) && end + 1 < text.length() && isDigit(text.charAt(end + 1)));
  }

  /** A space, dash or dot: what a card's groups are written apart with, one kind or mixed. */
  private static boolean isCardSeparator(String text, int i) {
    if (i >= text.length()) {
      return false;
    }
    char c = text.charAt(i);
    return c == ' ' || c == '-' || c == '.';
  }

  private static boolean isAt(String text, int i, char c) {
    return i < text.length() && text.charAt(i) == c;
  }

  private static int digitRun(String text, int i) {
    int end = i;
    while (end < text.length() && isDigit(text.charAt(end))) {
      end++;
    }
    return end - i;
  }

  /**
   * Returns where the phone expression's match at {@code p} ends, or -1, matching its alternatives by hand in their
   * order: international (at {@code +}), North American, then the trunk-prefixed styles (at {@code 0}): three
   * groups, two groups, French pairs; then the styles of {@link NationalPhones}. Every group of digits is a whole
   * run, as in the expression, where a digit given back would stand before a separator or the number's end,
   * neither of which takes a digit.
   */
  static int phoneMatchEnd(String text, int p) {
    char c = text.charAt(p);
    if (c == '+') {
      return internationalEnd(text, p);
    }
    int end = northAmericaEnd(text, p);
    if (end < 0 && c == '0') {
      end = trunkEnd(text, p);
    }
    if (end < 0) {
      int national = NationalPhones.end(text, p);
      end = national > 0 && isNumberEnd(text, national) ? national : -1;
    }
    return end;
  }

  /**
   * Matches {@code \+[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\)[ .-]?\d{1,6}|[ .-]\d{1,6})(?:[ .-]\d{1,6}){0,5}}, then
   * {@code \+[1-9]\d{8,14}}, each followed by the number's end, at {@code p}; returns the end or -1. Of the groups,
   * as many are taken as allow the number's end after them.
   */
  private static int internationalEnd(String text, int p) {
    int length = text.length();
    int codeStart = p + 1;
    if (codeStart >= length || text.charAt(codeStart) < '1' || text.charAt(codeStart) > '9') {
      return -1;
    }
    int codeEnd = codeStart + digitRun(text, codeStart);
    if (codeEnd - codeStart <= 3) {
      int head = -1;
      int open = isAt(text, codeEnd, '(') ? codeEnd : codeEnd + 1;
      if (isAt(text, open, '(') && (open == codeEnd || isPhoneSeparator(text.charAt(codeEnd)))) {
        int inner = digitRun(text, open + 1);
        int close = open + 1 + inner;
        if (inner >= 1 && inner <= 4 && isAt(text, close, ')')) {
          int g = close + 1 < length && isPhoneSeparator(text.charAt(close + 1)) ? close + 2 : close + 1;
          head = groupEnd(text, g);
        }
      } else if (codeEnd < length && isPhoneSeparator(text.charAt(codeEnd))) {
        head = groupEnd(text, codeEnd + 1);
      }
      if (head > 0) {
        int end = isNumberEnd(text, head) ? head : -1;
        int q = head;
        for (int groups = 0; groups < 5 && q < length && isPhoneSeparator(text.charAt(q)); groups++) {
          q = groupEnd(text, q + 1);
          if (q < 0) {
            break;
          }
          if (isNumberEnd(text, q)) {
            end = q;
          }
        }
        if (end > 0) {
          return end;
        }
      }
    }
    int digits = codeEnd - codeStart;
    return digits >= 9 && digits <= 15 && isNumberEnd(text, codeEnd) ? codeEnd : -1;
  }

  /** Returns the end of a run of 1 to 6 digits at {@code i}, or -1. */
  private static int groupEnd(String text, int i) {
    int n = digitRun(text, i);
    return n >= 1 && n <= 6 ? i + n : -1;
  }

  /**
   * Matches {@code 0\d{1,4}([ -])\d{3,4}\1\d{4}}, then {@code 0[1-9]\d{1,3}[ -/]\d{5,8}}, then {@code
   * 0[1-9]([ .])\d{2}\2\d{2}\2\d{2}\2\d{2}}, each followed by the number's end, at {@code p}; returns the end
   * or -1.
   */
  private static int trunkEnd(String text, int p) {
    int length = text.length();
    int first = digitRun(text, p);
    int i = p + first;
    char sep = i < length ? text.charAt(i) : 0;
    if (first >= 2 && first <= 5 && (sep == ' ' || sep == '-')) {
      int second = digitRun(text, i + 1);
      int j = i + 1 + second;
      if (second >= 3 && second <= 4 && isAt(text, j, sep) && digitRun(text, j + 1) == 4
          && isNumberEnd(text, j + 5)) {
        return j + 5;
      }
    }
    boolean trunk = first >= 2 && text.charAt(p + 1) != '0';
    if (trunk && first <= 5 && first >= 3 && (sep == ' ' || sep == '-' || sep == '/')) {
      int second = digitRun(text, i + 1);
      if (second >= 5 && second <= 8 && isNumberEnd(text, i + 1 + second)) {
        return i + 1 + second;
      }
    }
    if (trunk && first == 2 && (sep == ' ' || sep == '.')) {
      int q = i;
      for (int pair = 0; pair < 4; pair++) {
        if (!isAt(text, q, sep) || digitRun(text, q + 1) != 2) {
          return -1;
        }
        q += 3;
      }
      return isNumberEnd(text, q) ? q : -1;
    }
    return -1;
  }

  /**
   * Matches {@code (?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}} and the number's end at {@code p}, as the
   * expression would, trying the leading 1 first; returns the match's end or -1.
   */
  static int northAmericaEnd(String text, int p) {
    if (text.charAt(p) == '1' && p + 1 < text.length() && isPhoneSeparator(text.charAt(p + 1))) {
      int end = northAmericaBodyEnd(text, p + 2);
      if (end > 0) {
        return end;
      }
    }
    return northAmericaBodyEnd(text, p);
  }

  private static int northAmericaBodyEnd(String text, int i) {
    int length = text.length();
    int j;
    if (i < length && text.charAt(i) == '(') {
      if (!areDigits(text, i + 1, 3) || i + 4 >= length || text.charAt(i + 4) != ')') {
        return -1;
      }
      j = i + 5 < length && text.charAt(i + 5) == ' ' ? i + 6 : i + 5;
    } else {
      if (!areDigits(text, i, 3) || i + 3 >= length || !isPhoneSeparator(text.charAt(i + 3))) {
        return -1;
      }
      j = i + 4;
    }
    if (!areDigits(text, j, 3) || j + 3 >= length || !isPhoneSeparator(text.charAt(j + 3))
        || !areDigits(text, j + 4, 4)) {
      return -1;
    }
    int end = j + 8;
    return isNumberEnd(text, end) ? end : -1;
  }

  private static boolean areDigits(String text, int from, int n) {
    if (from + n > text.length()) {
      return false;
    }
    for (int i = from; i < from + n; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPhoneSeparator(char c) {
    return c == ' ' || c == '.' || c == '-';
  }

  /** Returns the end of the run of key characters ({@code [A-Za-z0-9_.-]}) that starts at {@code p}. */
  static int keyEnd(String text, int p) {
    int end = p + 1;
    while (end < text.length() && (classOf(text.charAt(end)) & KEY_BEFORE) != 0) {
      end++;
    }
    return end;
  }

  /**
   * Whether {@code word} (lower-case ASCII) and a space or tab are at {@code i}, ignoring ASCII case only, as the
   * expressions' {@code (?i)} does: {@link String#regionMatches(boolean, int, String, int, int)} would also take
   * the dotless {@code ı} for {@code i}.
   */
  private static boolean isWordThenBlank(String text, int i, String word) {
    int n = word.length();
    return i + n < text.length() && isBlank(text.charAt(i + n)) && isWordAt(text, i, word);
  }

  /** Whether {@code word} (lower-case ASCII) is at {@code i}, ignoring ASCII case only. */
  private static boolean isWordAt(String text, int i, String word) {
    int n = word.length();
    if (i + n > text.length()) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      char c = text.charAt(i + k);
      if ((c < 'A' || c > 'Z' ? c : (char) (c | 0x20)) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a key ends with a secret name. Its last two letters rule out most keys before the names are compared:
   * {@code trace_id} and {@code db.operation} get that far, {@code server.port} and {@code thread.name} do not.
   */
  private static boolean isSecretKey(String text, int start, int end) {
    if (end - start < 2) {
      return false;
    }
    int last = (text.charAt(end - 1) | 0x20) - 'a';
    int previous = (text.charAt(end - 2) | 0x20) - 'a';
    return last >= 0 && last < 26 && previous >= 0 && previous < 26
        && (SECRET_ENDINGS[last] & (1 << previous)) != 0 && HttpRedaction.isSecretName(text, start, end);
  }

  /** For each last letter of a secret name, a bit for each letter that comes before it in one; from the names. */
  private static int[] secretEndings() {
    int[] endings = new int[26];
    for (String name : HttpRedaction.SECRET_NAMES) {
      int n = name.length();
      endings[name.charAt(n - 1) - 'a'] |= 1 << (name.charAt(n - 2) - 'a');
    }
    return endings;
  }

  /**
   * Matches a key-value pair at {@code p} by hand, as the expression {@code [A-Za-z_][\w.-]*+(?:\\?["']|\])?[
   * \t]{0,3}[:=][ \t]{0,3}}, then optionally a scheme word ({@code bearer}, {@code basic}, {@code digest} or {@code
   * negotiate}, ASCII case ignored) and {@code [ \t]++}, then a value: {@code \\?["']} (an opening quote), {@code
   * \[REDACTED\]}, or {@code [^\s&;,"'<>()\[\]{}#]++} would. The scheme word counts only when a value follows its
   * blanks; otherwise it is the value. Returns {@code valueStart << 32 | end}, where the value starts at its opening
   * quote when it has one and the match ends after that quote; or -1.
   */
  static long keyValueAt(String text, int p) {
    int from = assignmentEnd(text, keyEnd(text, p));
    if (from < 0) {
      return -1;
    }
    int schemeEnd = schemeWordEnd(text, from);
    if (schemeEnd > 0 && schemeEnd < text.length() && isBlank(text.charAt(schemeEnd))) {
      int valueStart = skipBlanks(text, schemeEnd);
      int end = valueEnd(text, valueStart);
      if (end > 0) {
        return ((long) valueStart << 32) | end;
      }
    }
    int end = valueEnd(text, from);
    return end > 0 ? ((long) from << 32) | end : -1;
  }

  /**
   * Returns where a pair's value part may start: after a key ending at {@code keyEnd}, an optional quote, escaped
   * quote or closing bracket, at most three blanks, {@code :} or {@code =}, and at most three blanks; or -1.
   */
  static int assignmentEnd(String text, int keyEnd) {
    int length = text.length();
    int i = keyEnd;
    if (i < length) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < length && isQuote(text.charAt(i + 1))) {
        i += 2;
      } else if (isQuote(c) || c == ']') {
        i++;
      }
    }
    i = skipBlanks(text, i, 3);
    if (i >= length || (text.charAt(i) != ':' && text.charAt(i) != '=')) {
      return -1;
    }
    return skipBlanks(text, i + 1, 3);
  }

  /** Returns the end of an authentication scheme word kept before a value, at {@code i}, or -1. */
  private static int schemeWordEnd(String text, int i) {
    for (String scheme : KEPT_SCHEMES) {
      int n = scheme.length();
      if (isWordAt(text, i, scheme)) {
        return i + n;
      }
    }
    return -1;
  }

  /**
   * Returns the end of a value's match at {@code i}: after an opening quote (escaped or not), after {@link
   * #REDACTED}, or after a run of characters that do not stop a value; or -1.
   */
  private static int valueEnd(String text, int i) {
    int length = text.length();
    if (i >= length) {
      return -1;
    }
    char c = text.charAt(i);
    if (isQuote(c)) {
      return i + 1;
    }
    if (c == '\\' && i + 1 < length && isQuote(text.charAt(i + 1))) {
      return i + 2;
    }
    if (text.startsWith(REDACTED, i)) {
      return i + REDACTED.length();
    }
    int end = i;
    while (end < length && !isValueStop(text.charAt(end))) {
      end++;
    }
    return end > i ? end : -1;
  }

  /** Whether {@code c} ends an unquoted value: {@code \s&;,"'<>()[]{}#}. */
  private static boolean isValueStop(char c) {
    switch (c) {
      case ' ', '\t', '\n', '\u000B', '\f', '\r', '&', ';', ',', '"', '\'', '<', '>', '(', ')', '[', ']', '{', '}',
          '#':
        return true;
      default:
        return false;
    }
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }

  /** Whether a pair's value, as {@link #keyValueAt} found it at {@code valueStart}, opens with a quote. */
  static boolean isQuotedValue(String text, int valueStart) {
    char c = text.charAt(valueStart);
    return isQuote(c) || (c == '\\' && valueStart + 1 < text.length() && isQuote(text.charAt(valueStart + 1)));
  }

  /**
   * Masks the value of the key-value pair at {@code p} whose value {@link #keyValueAt} found at {@code valueStart}
   * and whose match ends at {@code end}; returns where the search goes on, or {@link #NEEDS_SCAN}.
   */
  private static int maskValue(@Nullable Rewrite rewrite, String text, int p, int valueStart, int end) {
    int length = text.length();
    int next = end;
    int from = assignmentEnd(text, keyEnd(text, p));
    int start;
    int valueEnd;
    boolean keep; // empty, already redacted, or a JSON literal
    if (valueStart != from && isWordAt(text, from, "digest")) {
      // Digest credentials are a list of parameters, spaces and quotes included: all of it, to the line's end
      start = valueStart;
      valueEnd = lineEnd(text, start);
      next = valueEnd;
      keep = HttpRedaction.isRedacted(text, start, valueEnd);
    } else if (!isQuotedValue(text, valueStart)) {
      start = valueStart;
      valueEnd = end;
      keep = HttpRedaction.isRedacted(text, start, valueEnd) || isJsonLiteral(text, start, valueEnd);
    } else {
      // A quoted value: its closing quote is found by hand, linear and without recursion.
      boolean escaped = end - valueStart == 2; // \" inside an escaped JSON string
      char quote = text.charAt(end - 1);
      valueEnd = closingQuote(text, end, quote, escaped);
      boolean closed = valueEnd < length && text.charAt(valueEnd) == (escaped ? '\\' : quote);
      next = closed ? valueEnd + (escaped ? 2 : 1) : valueEnd; // unclosed: the value ran to the line's end
      start = afterScheme(text, end, valueEnd);
      keep = start >= valueEnd || HttpRedaction.isRedacted(text, start, valueEnd);
    }
    return keep ? next : replace(rewrite, start, valueEnd, REDACTED, next);
  }

  /** Counts the digits from {@code p} to the first character outside {@code run}, looking at most {@code n}. */
  private static int digitsAhead(String text, int p, int n, int run) {
    int end = Math.min(text.length(), p + n);
    int digits = 0;
    for (int i = p; i < end; i++) {
      int c = classOf(text.charAt(i));
      if ((c & run) == 0) {
        break;
      }
      if ((c & DIGIT) != 0) {
        digits++;
      }
    }
    return digits;
  }

  /**
   * Returns the end of an SSN at {@code p}, or -1: three, two and four digits joined by dashes, no group all zeros,
   * and the number's end after it.
   */
  static int ssnEnd(String text, int p) {
    int end = p + SSN_LENGTH;
    char sep = p + 3 < text.length() ? text.charAt(p + 3) : 0;
    if (sep != '-' && sep != ' ') {
      return plainSsnEnd(text, p);
    }
    if (end > text.length()) {
      return -1;
    }
    for (int i = p; i < end; i++) {
      char c = text.charAt(i);
      boolean separator = i == p + 3 || i == p + 6;
      if (separator ? c != sep : !isDigit(c)) {
        return -1;
      }
    }
    return isSsnNumber(text, p, p + 4, p + 7) && isNumberEnd(text, end) ? end : -1;
  }

  /** Nine digits in a row count as an SSN only right after a word saying so ({@code ssn}, {@code SSN:}, ...). */
  private static int plainSsnEnd(String text, int p) {
    int end = p + 9;
    if (end > text.length() || digitRun(text, p) != 9 || !isNumberEnd(text, end) || !isSsnNumber(text, p, p + 3,
        p + 5)) {
      return -1;
    }
    int i = p;
    for (int skipped = 0; i > 0 && skipped < 4 && " \t:=#\"'".indexOf(text.charAt(i - 1)) >= 0; skipped++) {
      i--;
    }
    for (String word : SSN_WORDS) {
      int start = i - word.length();
      if (start >= 0 && text.regionMatches(true, start, word, 0, word.length())
          && (start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)))) {
        return end;
      }
    }
    return -1;
  }

  /** No group all zeros, as the Social Security Administration never issues. */
  private static boolean isSsnNumber(String text, int area, int group, int serial) {
    return !text.startsWith("000", area) && !text.startsWith("00", group) && !text.startsWith("0000", serial);
  }

  /** Whether a number may end before {@code i}: no word character or {@code @}, nor a separator and a digit. */
  private static boolean isNumberEnd(String text, int i) {
    if (i >= text.length()) {
      return true;
    }
    int c = classOf(text.charAt(i));
    if ((c & (WORD | AT)) != 0) {
      return false;
    }
    return (c & (DOT | DASH | SLASH | PLUS)) == 0 || i + 1 >= text.length() || !isDigit(text.charAt(i + 1));
  }

  /**
   * Whether {@code text} holds a run of at least {@value #MIN_DIGITS} digits, separators ({@code .-()+/} and space)
   * between them allowed.
   */
  static boolean holdsNumberRun(String text) {
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      int c = classOf(text.charAt(i));
      if ((c & DIGIT) != 0) {
        if (++digits >= MIN_DIGITS) {
          return true;
        }
      } else if ((c & PHONE_RUN) == 0) {
        digits = 0;
      }
    }
    return false;
  }

  /**
   * Returns the index of the quote closing a value that starts at {@code from}: the next unescaped {@code quote},
   * or with {@code escaped} the next backslash-quote pair; the line's end when there is none.
   */
  private static int closingQuote(String text, int from, char quote, boolean escaped) {
    int length = text.length();
    for (int i = from; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
      if (escaped) {
        if (c == '\\' && i + 1 < length && text.charAt(i + 1) == quote) {
          return i;
        }
      } else if (c == quote) {
        return i;
      } else if (c == '\\' && quote == '"') {
        i++; // skip the escaped character
      }
    }
    return length;
  }

  private static int lineEnd(String text, int from) {
    int length = text.length();
    for (int i = from; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return length;
  }

  /** Skips an authentication scheme word and its blanks at the start of a quoted value: "Bearer abc". */
  private static int afterScheme(String text, int start, int end) {
    for (String scheme : KEPT_SCHEMES) {
      int n = scheme.length();
      if (start + n < end && text.regionMatches(true, start, scheme, 0, n) && isBlank(text.charAt(start + n))) {
        int i = start + n;
        while (i < end && isBlank(text.charAt(i))) {
          i++;
        }
        return i;
      }
    }
    return start;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isJsonLiteral(String text, int start, int end) {
    int n = end - start;
    return (n == 4 && (text.startsWith("null", start) || text.startsWith("true", start)))
        || (n == 5 && text.startsWith("false", start));
  }

  /** A free-standing bearer credential holds a character other than a letter, or is long: not "bearer token". */
  private static boolean isBearerToken(String text, int start, int end) {
    if (end - start >= 20) {
      return true;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A free-standing basic credential is base64 for {@code user:password}: "basic usage" is not one. Decodes by
   * hand, allocating nothing, and accepts what {@link java.util.Base64#getDecoder()} accepts of a run of base64
   * characters and padding: a multiple of 4, padded with at most two {@code =} only where a group is cut short.
   */
  static boolean isBasicCredential(String text, int start, int end) {
    int n = end - start;
    if (n < 4 || n % 4 != 0 || n > 4096) {
      return false;
    }
    int data = end;
    while (data > start && text.charAt(data - 1) == '=') {
      data--;
    }
    int padding = end - data;
    if (padding > 2 || (padding == 2 && (data - start) % 4 != 2) || (padding == 1 && (data - start) % 4 != 3)) {
      return false;
    }
    int bits = 0;
    int count = 0;
    for (int i = start; i < data; i++) {
      int value = base64Value(text.charAt(i));
      if (value < 0) {
        return false;
      }
      bits = bits << 6 | value;
      if (++count % 4 == 0) {
        if (((bits >> 16) & 0xff) == ':' || ((bits >> 8) & 0xff) == ':' || (bits & 0xff) == ':') {
          return true;
        }
        bits = 0;
      }
    }
    int left = count % 4; // 2 or 3 characters: one or two bytes, the leftover bits ignored as the decoder does
    if (left == 2) {
      return ((bits >> 4) & 0xff) == ':';
    }
    return left == 3 && (((bits >> 10) & 0xff) == ':' || ((bits >> 2) & 0xff) == ':');
  }

  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  }

  /** Luhn, 13 to 19 digits, and a payment network's leading digits (3-6, or 2221-2720 for 16 digits). */
  static boolean isCardNumber(CharSequence text, int start, int end) {
    int count = 0;
    int sum = 0;
    for (int i = end - 1; i >= start; i--) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if ((count & 1) == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      count++;
    }
    if (count < 13 || count > 19 || sum % 10 != 0) {
      return false;
    }
    int prefix = leadingDigits(text, start, end, 4);
    int first = prefix / 1000;
    if (first >= 3 && first <= 6) {
      return true;
    }
    return first == 2 && count == 16 && prefix >= 2221 && prefix <= 2720;
  }

  private static int leadingDigits(CharSequence text, int start, int end, int n) {
    int value = 0;
    int taken = 0;
    for (int i = start; i < end && taken < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        taken++;
      }
    }
    return value;
  }

  /**
   * Returns where a phone match really ends, or -1 if it is no phone: fewer than {@value #MIN_DIGITS} digits. An
   * international match of more than 15 digits (E.164's most) is cut after the last whole group that keeps it
   * within 15, so a number followed by other numbers is still masked.
   */
  private static int phoneEnd(String text, int start, int end) {
    int digits = 0;
    int cut = -1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        boolean groupEnds = i + 1 == end || !isDigit(text.charAt(i + 1));
        if (groupEnds && digits <= MAX_PHONE_DIGITS) {
          cut = i + 1;
        }
      }
    }
    if (digits <= MAX_PHONE_DIGITS) {
      return digits >= MIN_DIGITS ? end : -1;
    }
    return cut > 0 && countDigits(text, start, cut) >= MIN_DIGITS ? cut : -1;
  }

  private static int countDigits(String text, int start, int end) {
    int digits = 0;
    for (int i = start; i < end; i++) {
      if (isDigit(text.charAt(i))) {
        digits++;
      }
    }
    return digits;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The masked copy under construction, made at the first change only. */
  private static final class Rewrite {
    private final String text;
    private final StringBuilder out;
    private int copied; // text before this index has been copied or replaced

    Rewrite(String text) {
      this.text = text;
      this.out = new StringBuilder(text.length() + 16);
    }

    void replace(int start, int end, String replacement) {
      out.append(text, copied, start).append(replacement);
      copied = end;
    }

    /** Appends the last four digits of {@code text[start, end)}, in order, without separators. */
    void appendLastDigits(int start, int end) {
      int from = end;
      for (int n = 0; from > start && n < 4; ) {
        if (isDigit(text.charAt(--from))) {
          n++;
        }
      }
      for (int i = from; i < end; i++) {
        char c = text.charAt(i);
        if (isDigit(c)) {
          out.append(c);
        }
      }
    }

    String finish() {
      return out.append(text, copied, text.length()).toString();
    }
  }
}
