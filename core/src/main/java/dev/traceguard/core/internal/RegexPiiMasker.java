package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.PiiPattern;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traceguard's masker: finds personal data and secrets with precompiled regular expressions, checks the candidates
 * that a pattern alone cannot judge (the Luhn sum of a card, the digit count of a phone number, the decoded form of
 * a basic credential), and replaces what it confirms.
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
 *       free-standing {@code Basic x} counts when {@code x} decodes as base64 to a text holding {@code :}.
 *   <li>{@link PiiDetector#CARD}: 13 to 19 digits, plain or in groups of 4 (4-4-4-1..4, 4-4-4-4-1..3) or 4-6-4/5
 *       (American Express, Diners), separated by one kind of space or dash, that pass the Luhn check and start
 *       like a payment card (3, 4, 5 or 6; or 2221 to 2720 for 16 digits) become {@code ****-****-****-} and the
 *       last four digits. The prefix rule keeps epoch timestamps in milliseconds, microseconds and nanoseconds,
 *       which start with 1, from passing for cards.
 *   <li>{@link PiiDetector#SSN}: {@code 123-45-6789} (no group all zeros) becomes {@code ***-**-****}.
 *   <li>{@link PiiDetector#PHONE}: international numbers ({@code +}, a country code, then groups separated by
 *       space, dot or dash, one group possibly in parentheses; 9 to 15 digits in all) and the national styles of
 *       North America ({@code (415) 555-0132}, {@code 415.555.0132}, {@code 1-800-555-0199}), Korea and Japan
 *       ({@code 010-1234-5678}, {@code 03-1234-5678}), the United Kingdom and Germany ({@code 020 7946 0958},
 *       {@code 07700 900123}, {@code 030 901820}) and France ({@code 01 42 68 53 00}) become {@code ***-***-} and
 *       the last four digits. A national number needs its separators: a plain run of digits is never a phone.
 *   <li>{@link PiiDetector#EMAIL}: {@code local@domain} (the domain with a top-level domain of letters; {@code
 *       %40} counts as {@code @}) becomes the first character of the local part, {@code ***}, the separator and
 *       the whole domain: {@code a***@example.com}.
 *   <li>Custom {@link PiiPattern}s: every non-empty match becomes the pattern's replacement, literally.
 * </ul>
 *
 * <p>Numbers must stand alone: a candidate touching a letter, a digit, {@code @}, or a {@code .}, {@code -},
 * {@code /} or {@code +} that continues into more digits is not masked. So trace and span ids, UUIDs, ISO-8601
 * timestamps, version strings, IPv4 addresses, order numbers such as {@code ORD-2026-000123} and integers of up to
 * 12 digits are never altered.
 *
 * <h2>Order</h2>
 *
 * <p>All enabled detectors are alternatives of one expression, tried in this order at each position, and the
 * leftmost match wins, so detectors never mask inside each other's results:
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
 * <p>A candidate the checks reject (a number failing Luhn, a key that is not secret-named, a phone number with
 * too few digits) is left as it is and the search goes on at the next character. Custom patterns run afterwards,
 * in list order, on the result.
 *
 * <h2>Cost</h2>
 *
 * <p>One pass over the characters decides which families can match at all: an {@code @} or {@code %40} for
 * e-mail; a run of at least 9 digits (spaces, dashes, dots, slashes, parentheses and {@code +}
 * may separate them) for cards, SSNs and phones; a secret key name, {@code bearer}, {@code basic} (any case) or
 * {@code eyJ} for secrets. A string that can hold none of the enabled kinds is returned at once, without running
 * a regular expression or allocating. Otherwise a second cheap pass bounds the window where matches can lie (from
 * the first to the last evidence), and one precompiled expression covering just the possible families searches it,
 * allocating one {@link Matcher}. Custom patterns cannot be pre-checked: when configured, each runs on every
 * string. When something was masked, the result is masked once more to confirm it is stable (see below).
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

  static final int SECRET_FAMILY = 1;
  static final int NUMBER_FAMILY = 2;
  static final int EMAIL_FAMILY = 4;

  private static final int MAX_PHONE_DIGITS = 15;
  private static final int MAX_ROUNDS = 3;

  private static final String SSN_MASK = "***-**-****";
  private static final String PHONE_MASK = "***-***-";
  private static final String CARD_MASK = "****-****-****-";
  private static final String EMAIL_MASK = "***";
  private static final String[] KEPT_SCHEMES = {"bearer", "basic", "digest", "negotiate"};

  // --- The expressions. Lookbehinds are one character long; \w and \d are ASCII only, so a letter of another
  // script next to a number or an address is a boundary (電話+81 3-1234-5678, alice@example.com입니다).

  private static final String SEP_VALUE_STOP = "\\s&;,\"'<>()\\[\\]{}#";

  // A key is a whole run of name characters; whether it is secret-named is checked in Java, which is cheaper than
  // trying every secret name at every position of the run.
  private static final String KV = "(?<kv>(?<![\\w.\\-])(?<kvkey>[A-Za-z_][\\w.\\-]*+)"
      + "(?:\\\\?[\"']|\\])?[ \\t]{0,3}[:=][ \\t]{0,3}"
      + "(?:(?<kvscheme>(?i:bearer|basic|digest|negotiate))[ \\t]++)?"
      + "(?:(?<kvq>\\\\?[\"'])|(?<kvv>\\[REDACTED\\]|[^" + SEP_VALUE_STOP + "]++)))";

  private static final String BEARER =
      "(?<bearer>(?<![\\w\\-])(?i:bearer)[ \\t]++(?<btok>[\\w\\-.~+/]++=*+))";

  private static final String BASIC =
      "(?<basic>(?<![\\w\\-])(?i:basic)[ \\t]++(?<bcred>[A-Za-z0-9+/]++=*+)(?![\\w\\-]))";

  private static final String JWT = "(?<jwt>(?<![\\w\\-])eyJ[\\w\\-]{7,}+\\.[\\w\\-]{2,}+\\.[\\w\\-]*+)";

  private static final String NUMBER_START = "(?<![\\w.\\-+/@])";
  private static final String NUMBER_END = "(?![\\w@]|[.\\-/+]\\d)";

  private static final String CARD = "(?<card>" + NUMBER_START + "(?:"
      + "\\d{4}(?<cs3>[ \\-])\\d{4}\\k<cs3>\\d{4}\\k<cs3>\\d{4}\\k<cs3>\\d{1,3}" + NUMBER_END + "(?!\\k<cs3>\\d)"
      + "|\\d{4}(?<cs1>[ \\-])\\d{4}\\k<cs1>\\d{4}\\k<cs1>\\d{1,4}" + NUMBER_END + "(?!\\k<cs1>\\d)"
      + "|\\d{4}(?<cs2>[ \\-])\\d{6}\\k<cs2>\\d{4,5}" + NUMBER_END + "(?!\\k<cs2>\\d)"
      + "|\\d{13,19}" + NUMBER_END
      + "))";

  private static final String SSN =
      "(?<ssn>" + NUMBER_START + "(?!000)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}" + NUMBER_END + ")";

  private static final String PHONE = "(?<phone>" + NUMBER_START + "(?:"
      // international: +CC, then groups; one group may sit in parentheses, as in +1 (415) or +44 (0)20
      + "\\+[1-9]\\d{0,2}(?:[ .\\-]?\\(\\d{1,4}\\)[ .\\-]?\\d{1,6}|[ .\\-]\\d{1,6})(?:[ .\\-]\\d{1,6}){0,5}"
      + "|\\+[1-9]\\d{8,14}"
      // North America: (415) 555-0132, 415.555.0132, 1-800-555-0199
      + "|(?:1[ .\\-])?(?:\\(\\d{3}\\) ?|\\d{3}[ .\\-])\\d{3}[ .\\-]\\d{4}"
      // trunk prefix 0, three groups: 010-1234-5678, 02-123-4567, 03-1234-5678, 020 7946 0958
      + "|0\\d{1,4}(?<ps1>[ \\-])\\d{3,4}\\k<ps1>\\d{4}"
      // trunk prefix 0, two groups: 07700 900123, 030 901820, 030/901820
      + "|0[1-9]\\d{1,3}[ \\-/]\\d{5,8}"
      // France: 01 42 68 53 00, 01.42.68.53.00
      + "|0[1-9](?<ps2>[ .])\\d{2}\\k<ps2>\\d{2}\\k<ps2>\\d{2}\\k<ps2>\\d{2}"
      + ")" + NUMBER_END + ")";

  private static final String EMAIL = "(?<email>(?<![\\w.%+\\-])(?<elocal>[\\w.%+\\-]{1,64})(?:@|%40)"
      + "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}(?![A-Za-z0-9\\-@]|%40))";

  private final Set<PiiDetector> detectors;
  private final List<PiiPattern> customPatterns;
  private final PiiPattern[] customArray; // indexed, so an empty list costs no iterator
  private final int enabledFamilies;
  // Indexed by a set of families (bits); null where the set holds no enabled detector.
  private final Compiled[] compiled;

  private RegexPiiMasker(Set<PiiDetector> detectors, List<PiiPattern> customPatterns) {
    this.detectors = detectors;
    this.customPatterns = customPatterns;
    this.customArray = customPatterns.toArray(new PiiPattern[0]);
    int families = 0;
    for (PiiDetector detector : detectors) {
      families |= familyOf(detector);
    }
    this.enabledFamilies = families;
    this.compiled = new Compiled[8];
    for (int set = 1; set < 8; set++) {
      if ((set & families) == set) {
        compiled[set] = Compiled.of(detectors, set);
      }
    }
  }

  /**
   * Returns a masker running the given built-in detectors and custom patterns. Every expression is compiled here,
   * once.
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
   * <p>Never throws and never blocks; thread-safe. Returns {@code text} itself, allocating nothing, when the
   * pre-check finds nothing to look for and no custom pattern is configured; returns {@code text} itself whenever
   * nothing was masked. Idempotent: {@code mask(mask(s)).equals(mask(s))}.
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
    String result = text;
    int families = candidateFamilies(text);
    if (families != 0) {
      result = maskBuiltIn(text, compiled[families], window(text, families));
    }
    for (PiiPattern custom : customArray) {
      result = replaceAll(result, custom);
    }
    return result;
  }

  /**
   * The pre-check: returns the enabled families ({@link #SECRET_FAMILY}, {@link #NUMBER_FAMILY}, {@link
   * #EMAIL_FAMILY}) that {@code text} may hold, 0 when none. One pass, no allocation; stops early once every enabled
   * family was seen.
   */
  int candidateFamilies(String text) {
    int wanted = enabledFamilies;
    if (wanted == 0) {
      return 0;
    }
    boolean secrets = (wanted & SECRET_FAMILY) != 0;
    int found = 0;
    int digits = 0;
    int length = text.length();
    for (int i = 0; i < length && found != wanted; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits >= MIN_DIGITS) {
          found |= NUMBER_FAMILY & wanted;
        }
        continue;
      }
      if (isNumberSeparator(c)) {
        continue;
      }
      digits = 0;
      if (c == '@' || (c == '%' && text.startsWith("40", i + 1))) {
        found |= EMAIL_FAMILY & wanted;
      } else if (secrets && i + 1 < length && isSecretWordAt(text, i, c)) {
        found |= SECRET_FAMILY;
      }
    }
    return found;
  }

  private static boolean isNumberSeparator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+' || c == '/';
  }

  /**
   * Whether a secret word starts at {@code i}. The first two letters pick the candidates through one switch, so
   * the common case (no candidate) costs two character reads.
   */
  private static boolean isSecretWordAt(String text, int i, char c) {
    char second = text.charAt(i + 1);
    switch ((toLowerAscii(c) << 8) | toLowerAscii(second)) {
      case ('a' << 8) | 'p':
        return startsWithIgnoreCase(text, i, "api_key") || startsWithIgnoreCase(text, i, "apikey")
            || startsWithIgnoreCase(text, i, "api-key");
      case ('a' << 8) | 'u':
        return startsWithIgnoreCase(text, i, "authorization");
      case ('b' << 8) | 'e':
        return startsWithIgnoreCase(text, i, "bearer");
      case ('b' << 8) | 'a':
        return startsWithIgnoreCase(text, i, "basic");
      case ('p' << 8) | 'a':
        return startsWithIgnoreCase(text, i, "passw");
      case ('p' << 8) | 'w':
        return startsWithIgnoreCase(text, i, "pwd");
      case ('s' << 8) | 'e':
        return startsWithIgnoreCase(text, i, "secret") || startsWithIgnoreCase(text, i, "session");
      case ('t' << 8) | 'o':
        return startsWithIgnoreCase(text, i, "token");
      case ('e' << 8) | 'y':
        return c == 'e' && second == 'y' && i + 2 < text.length() && text.charAt(i + 2) == 'J'; // JWT: {"
      default:
        return false;
    }
  }

  /** Whether {@code word} (lower-case ASCII) occurs at {@code i}, ignoring ASCII case; no allocation. */
  private static boolean startsWithIgnoreCase(String text, int i, String word) {
    int n = word.length();
    if (i + n > text.length()) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if (toLowerAscii(text.charAt(i + k)) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static char toLowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  // --- The built-in pass --------------------------------------------------------------------------------------

  /**
   * Returns where matches of {@code families} can lie in {@code text}, packed as {@code start << 32 | end}: from the
   * first to the last evidence, widened by how far a match reaches from it. A secret's key may start before its
   * keyword (at the start of the name run around it) and its value may run to the end of the text; an e-mail's
   * local part ends at its {@code @} and is at most 64 characters, its domain at most 253; a number lies within a
   * run of digits and separators holding {@value #MIN_DIGITS} digits or more. So a long text with one address in
   * it, such as a stack trace, is searched around that address only.
   */
  static long window(String text, int families) {
    int length = text.length();
    int start = length;
    int end = 0;
    boolean numbers = (families & NUMBER_FAMILY) != 0;
    boolean emails = (families & EMAIL_FAMILY) != 0;
    boolean secrets = (families & SECRET_FAMILY) != 0;
    boolean secretSeen = false;
    int runStart = -1;
    int digits = 0;
    for (int i = 0; i <= length; i++) {
      char c = i < length ? text.charAt(i) : '\n';
      boolean digit = c >= '0' && c <= '9';
      if (digit || isNumberSeparator(c)) {
        if (runStart < 0) {
          runStart = i;
          digits = 0;
        }
        if (digit) {
          digits++;
        }
        continue;
      }
      if (runStart >= 0 && numbers && digits >= MIN_DIGITS) {
        start = Math.min(start, runStart);
        end = Math.max(end, i);
      }
      runStart = -1;
      if (i == length) {
        break;
      }
      if (emails && (c == '@' || (c == '%' && text.startsWith("40", i + 1)))) {
        start = Math.min(start, Math.max(0, i - 64));
        end = Math.max(end, Math.min(length, i + 3 + 253));
      } else if (secrets && !secretSeen && i + 1 < length && isSecretWordAt(text, i, c)) {
        secretSeen = true; // a later key starts no earlier than this one's name run
        int keyStart = i;
        while (keyStart > 0 && isNameChar(text.charAt(keyStart - 1))) {
          keyStart--;
        }
        start = Math.min(start, keyStart);
        end = length;
      }
    }
    if (start >= end) { // unreachable when families came from candidateFamilies; search everything to be safe
      start = 0;
      end = length;
    }
    return ((long) start << 32) | end;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
        || c == '-';
  }

  private static String maskBuiltIn(String text, Compiled c, long window) {
    Matcher m = c.pattern.matcher(text);
    // Lookarounds see past the window: a match at its edge is judged by the characters around it, as without one.
    m.useTransparentBounds(true).useAnchoringBounds(false);
    int length = text.length();
    int to = (int) window;
    Rewrite rewrite = null;
    int from = (int) (window >>> 32);
    while (from < to) {
      m.region(from, to);
      if (!m.find()) {
        break;
      }
      int start = m.start();
      int end = m.end();
      int next = end;
      switch (c.kindOf(m)) {
        case Compiled.KV: {
          if (!HttpRedaction.isSecretName(text, m.start("kvkey"), m.end("kvkey"))) {
            next = start + 1; // not secret-named; the gate rejects the positions inside the key at once
            break;
          }
          int quoteStart = m.start("kvq");
          int valueStart;
          int valueEnd;
          boolean keep; // empty, already redacted, or a JSON literal
          if (isDigest(text, m.start("kvscheme"))) {
            // Digest credentials are a list of parameters, spaces and quotes included: all of it, to the line's end
            valueStart = m.end("kvscheme");
            while (isBlank(text.charAt(valueStart))) {
              valueStart++;
            }
            valueEnd = lineEnd(text, valueStart);
            next = valueEnd;
            keep = HttpRedaction.isRedacted(text, valueStart, valueEnd);
          } else if (quoteStart < 0) {
            valueStart = m.start("kvv");
            valueEnd = end;
            keep = HttpRedaction.isRedacted(text, valueStart, valueEnd) || isJsonLiteral(text, valueStart, valueEnd);
          } else {
            // A quoted value: its closing quote is found by hand, linear and without recursion.
            int contentStart = m.end("kvq");
            boolean escaped = contentStart - quoteStart == 2; // \" inside an escaped JSON string
            char quote = text.charAt(contentStart - 1);
            valueEnd = closingQuote(text, contentStart, quote, escaped);
            boolean closed = valueEnd < length && text.charAt(valueEnd) == (escaped ? '\\' : quote);
            next = closed ? valueEnd + (escaped ? 2 : 1) : valueEnd; // unclosed: the value ran to the line's end
            valueStart = afterScheme(text, contentStart, valueEnd);
            keep = valueStart >= valueEnd || HttpRedaction.isRedacted(text, valueStart, valueEnd);
          }
          if (!keep) {
            rewrite = Rewrite.replace(rewrite, text, valueStart, valueEnd, REDACTED);
          }
          break;
        }
        case Compiled.BEARER: {
          int tokenStart = m.start("btok");
          if (isBearerToken(text, tokenStart, end)) {
            rewrite = Rewrite.replace(rewrite, text, tokenStart, end, REDACTED);
          } else {
            next = start + 1;
          }
          break;
        }
        case Compiled.BASIC: {
          int credStart = m.start("bcred");
          if (isBasicCredential(text, credStart, m.end("bcred"))) {
            rewrite = Rewrite.replace(rewrite, text, credStart, m.end("bcred"), REDACTED);
          } else {
            next = start + 1;
          }
          break;
        }
        case Compiled.JWT:
          rewrite = Rewrite.replace(rewrite, text, start, end, REDACTED);
          break;
        case Compiled.CARD:
          if (isCardNumber(text, start, end)) {
            rewrite = Rewrite.replace(rewrite, text, start, end, CARD_MASK + lastDigits(text, start, end));
          } else {
            next = start + 1;
          }
          break;
        case Compiled.SSN:
          rewrite = Rewrite.replace(rewrite, text, start, end, SSN_MASK);
          break;
        case Compiled.PHONE: {
          int phoneEnd = phoneEnd(text, start, end);
          if (phoneEnd > 0) {
            rewrite = Rewrite.replace(rewrite, text, start, phoneEnd, PHONE_MASK + lastDigits(text, start, phoneEnd));
            next = phoneEnd;
          } else {
            next = start + 1;
          }
          break;
        }
        case Compiled.EMAIL: {
          int localStart = m.start("elocal");
          int localEnd = m.end("elocal");
          rewrite = Rewrite.replace(rewrite, text, localStart + 1, localEnd, EMAIL_MASK);
          break;
        }
        default:
          next = start + 1; // unreachable: every alternative is a named kind
      }
      from = next;
    }
    return rewrite == null ? text : rewrite.finish();
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

  private static boolean isDigest(String text, int schemeStart) {
    return schemeStart >= 0 && text.regionMatches(true, schemeStart, "digest", 0, 6);
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

  /** A free-standing basic credential is base64 for {@code user:password}: "basic usage" is not one. */
  private static boolean isBasicCredential(String text, int start, int end) {
    int n = end - start;
    if (n < 4 || n % 4 != 0 || n > 4096) {
      return false;
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(text.substring(start, end));
      for (byte b : decoded) {
        if (b == ':') {
          return true;
        }
      }
      return false;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
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

  /** Returns the last four digits of {@code text[start, end)}, without separators. */
  private static String lastDigits(String text, int start, int end) {
    char[] last = new char[4];
    int n = 0;
    for (int i = end - 1; i >= start && n < 4; i--) {
      char c = text.charAt(i);
      if (isDigit(c)) {
        last[3 - n++] = c;
      }
    }
    return new String(last, 4 - n, n);
  }

  // --- Custom patterns ----------------------------------------------------------------------------------------

  private static String replaceAll(String text, PiiPattern custom) {
    Matcher m = custom.pattern().matcher(text);
    String replacement = custom.replacement();
    Rewrite rewrite = null;
    while (m.find()) {
      int start = m.start();
      int end = m.end();
      // An empty match would insert the replacement between characters; a match equal to its replacement is
      // already masked, and replacing it would make a new string out of an unchanged one.
      if (start == end
          || (end - start == replacement.length() && text.regionMatches(start, replacement, 0, end - start))) {
        continue;
      }
      rewrite = Rewrite.replace(rewrite, text, start, end, replacement);
    }
    return rewrite == null ? text : rewrite.finish();
  }

  // --- Construction helpers -----------------------------------------------------------------------------------

  private static int familyOf(PiiDetector detector) {
    switch (detector) {
      case SECRET:
        return SECRET_FAMILY;
      case EMAIL:
        return EMAIL_FAMILY;
      default:
        return NUMBER_FAMILY;
    }
  }

  /** One combined expression for a set of families, and which of its named alternatives it holds. */
  private static final class Compiled {
    static final int KV = 1;
    static final int BEARER = 2;
    static final int BASIC = 3;
    static final int JWT = 4;
    static final int CARD = 5;
    static final int SSN = 6;
    static final int PHONE = 7;
    static final int EMAIL = 8;

    final Pattern pattern;
    final boolean secret;
    final boolean card;
    final boolean ssn;
    final boolean phone;
    final boolean email;

    private Compiled(Pattern pattern, boolean secret, boolean card, boolean ssn, boolean phone, boolean email) {
      this.pattern = pattern;
      this.secret = secret;
      this.card = card;
      this.ssn = ssn;
      this.phone = phone;
      this.email = email;
    }

    static Compiled of(Set<PiiDetector> detectors, int families) {
      boolean secret = (families & SECRET_FAMILY) != 0 && detectors.contains(PiiDetector.SECRET);
      boolean numbers = (families & NUMBER_FAMILY) != 0;
      boolean card = numbers && detectors.contains(PiiDetector.CARD);
      boolean ssn = numbers && detectors.contains(PiiDetector.SSN);
      boolean phone = numbers && detectors.contains(PiiDetector.PHONE);
      boolean email = (families & EMAIL_FAMILY) != 0 && detectors.contains(PiiDetector.EMAIL);
      StringJoiner alternatives = new StringJoiner("|");
      if (secret) {
        alternatives.add(RegexPiiMasker.BEARER).add(RegexPiiMasker.BASIC).add(RegexPiiMasker.JWT)
            .add(RegexPiiMasker.KV);
      }
      if (card) {
        alternatives.add(RegexPiiMasker.CARD);
      }
      if (ssn) {
        alternatives.add(RegexPiiMasker.SSN);
      }
      if (phone) {
        alternatives.add(RegexPiiMasker.PHONE);
      }
      if (email) {
        alternatives.add(RegexPiiMasker.EMAIL);
      }
      // Every alternative starts a run: none begins right after a word character or a dash. Checked once up front,
      // this rejects most positions (those inside words and numbers) before any alternative is tried.
      Pattern pattern = Pattern.compile("(?<![\\w\\-])(?:" + alternatives + ")");
      return new Compiled(pattern, secret, card, ssn, phone, email);
    }

    int kindOf(Matcher m) {
      if (secret) {
        if (m.start("bearer") >= 0) {
          return BEARER;
        }
        if (m.start("basic") >= 0) {
          return BASIC;
        }
        if (m.start("jwt") >= 0) {
          return JWT;
        }
        if (m.start("kv") >= 0) {
          return KV;
        }
      }
      if (card && m.start("card") >= 0) {
        return CARD;
      }
      if (ssn && m.start("ssn") >= 0) {
        return SSN;
      }
      if (phone && m.start("phone") >= 0) {
        return PHONE;
      }
      if (email && m.start("email") >= 0) {
        return EMAIL;
      }
      return 0;
    }
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

    static Rewrite replace(Rewrite rewrite, String text, int start, int end, String replacement) {
      Rewrite r = rewrite == null ? new Rewrite(text) : rewrite;
      r.replace(start, end, replacement);
      return r;
    }

    void replace(int start, int end, String replacement) {
      out.append(text, copied, start).append(replacement);
      copied = end;
    }

    String finish() {
      return out.append(text, copied, text.length()).toString();
    }
  }
}
