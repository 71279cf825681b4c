package dev.traceguard.core.internal.pii;

import dev.traceguard.api.PiiMasker;
import java.util.List;
import java.util.Set;

/**
 * Redaction of credentials in captured HTTP data that Traceguard applies on the export path whatever the masking
 * settings say, even with {@code traceguard.pii.enabled=false}: the values of sensitive headers and of secret-named
 * query parameters.
 *
 * <p>A parameter is secret-named when its name, compared without regard to case and without percent-decoding, ends
 * with {@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code token}, {@code api_key}, {@code
 * apikey}, {@code api-key}, {@code authorization}, {@code session}, {@code sessionid}, {@code session_id} or {@code
 * session-id}: so {@code db_password}, {@code client_secret}, {@code access_token}, {@code refresh_token}, {@code
 * x-api-key} and {@code JSESSIONID} are too. A form field's bracketed last part counts as its name ({@code
 * user[password]}). The same names drive the {@code SECRET} detector of {@link SecretValues}, so a query string
 * and a log line are judged alike.
 *
 * <p>Stateless; every member is thread-safe, never blocks and, apart from the documented argument checks, never
 * throws.
 */
public final class HttpRedaction {

  /**
   * The request and response headers whose captured values are always exported as {@link PiiMasker#REDACTED}, lower
   * case: {@code authorization}, {@code proxy-authorization}, {@code cookie}, {@code set-cookie}, {@code x-api-key}
   * and {@code x-auth-token}. Immutable.
   */
  public static final Set<String> SENSITIVE_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token");

  /**
   * The lower-case endings that make a parameter or key name secret-like, here and in {@link SecretValues}'s
   * {@code SECRET} detector (which passes over a key whose last letter no name here ends with; a test keeps the
   * two in step). Immutable.
   */
  static final List<String> SECRET_NAMES = List.of(
      "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key", "authorization",
      "session_id", "session-id", "sessionid", "session", "access_key", "secret_key", "private_key");

  private static final String[] SECRET_NAME_ARRAY = SECRET_NAMES.toArray(new String[0]);

  private static final int LONGEST_SECRET_NAME =
      SECRET_NAMES.stream().mapToInt(String::length).max().orElse(0);

  private HttpRedaction() {}

  /**
   * The lower-case words that make a header name a credential's wherever they stand in it ({@code x-goog-api-key},
   * {@code x-amz-security-token}, {@code x-csrf-token}): its captured value is redacted whole unless allow-listed.
   * Immutable.
   */
  public static final List<String> SENSITIVE_HEADER_WORDS =
      List.of("token", "secret", "key", "auth", "session", "password", "cookie");

  /**
   * Returns whether a captured header's value must be redacted: its name is in {@code extra}, or it is one of
   * {@link #SENSITIVE_HEADERS} or holds one of {@link #SENSITIVE_HEADER_WORDS} and is not in {@code allowed}.
   *
   * @param lowerCaseName the header name in lower case, as the semantic conventions put it in {@code
   *     http.request.header.<name>}; not null
   * @param extra further header names to redact, lower case (as {@code TracingConfig.piiRedactHeaders()} stores
   *     them); not null, may be empty
   * @param allowed header names masked like any text although a word above is in them, lower case ({@code
   *     TracingConfig.piiAllowHeaders()}); not null, may be empty
   * @return true when the value must be exported as {@link PiiMasker#REDACTED}
   */
  public static boolean isSensitiveHeader(String lowerCaseName, Set<String> extra, Set<String> allowed) {
    if (!extra.isEmpty() && extra.contains(lowerCaseName)) {
      return true;
    }
    if (!allowed.isEmpty() && allowed.contains(lowerCaseName)) {
      return false;
    }
    if (SENSITIVE_HEADERS.contains(lowerCaseName)) {
      return true;
    }
    for (String word : SENSITIVE_HEADER_WORDS) {
      if (lowerCaseName.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Replaces the value of every secret-named parameter in a URL ({@code url.full}) or a bare query string ({@code
   * url.query}) with {@link PiiMasker#REDACTED}, keeping every other character as it was: {@code
   * https://h/cb?code=1&access_token=abc#s} becomes {@code https://h/cb?code=1&access_token=[REDACTED]#s}.
   *
   * <p>A name runs back from its {@code =} to the nearest {@code ?}, {@code &}, {@code ;}, {@code #} or {@code /};
   * a value runs to the next {@code &}, {@code ;} or {@code #}. Parameters of the fragment ({@code
   * #access_token=...}, as OAuth's implicit flow returns them) and path parameters ({@code
   * /app;jsessionid=...}, whose values also end at {@code /} or {@code ?}) are redacted too. A value that is
   * empty or already {@link PiiMasker#REDACTED} is left as it is.
   *
   * <p>A hand-written scanner without regular expressions, linear in the length of the text; a text without
   * {@code =} is returned after one {@code indexOf}. Idempotent.
   *
   * @param urlOrQuery the URL or query string; not null
   * @return {@code urlOrQuery} itself when nothing was redacted, otherwise a new string
   */
  public static String redactQuery(String urlOrQuery) {
    int firstEquals = urlOrQuery.indexOf('=');
    if (firstEquals < 0) {
      return urlOrQuery;
    }
    String text = urlOrQuery;
    int length = text.length();
    int question = text.indexOf('?');
    // Before queryStart lies a path, where ';' starts a path parameter whose value also ends at '/' or '?'.
    int queryStart = question >= 0 ? question : (looksLikeUrl(text) ? length : 0);
    StringBuilder out = null;
    int copied = 0;
    int equals = firstEquals;
    while (equals >= 0) {
      // Only a name's ending decides, so looking back further than the longest secret name (and a closing
      // bracket) is never needed, and a text of many '=' stays linear.
      int nameStart = equals;
      int lookBack = Math.max(0, equals - LONGEST_SECRET_NAME - 1);
      while (nameStart > lookBack && !isNameDelimiter(text.charAt(nameStart - 1))) {
        nameStart--;
      }
      if (!isSecretName(text, nameStart, equals)) {
        equals = text.indexOf('=', equals + 1);
        continue;
      }
      boolean inPath = equals < queryStart;
      int valueStart = equals + 1;
      int valueEnd = valueStart;
      while (valueEnd < length && !isValueEnd(text.charAt(valueEnd), inPath)) {
        valueEnd++;
      }
      if (valueEnd > valueStart && !isRedacted(text, valueStart, valueEnd)) {
        if (out == null) {
          out = new StringBuilder(length + PiiMasker.REDACTED.length());
        }
        out.append(text, copied, valueStart).append(PiiMasker.REDACTED);
        copied = valueEnd;
      }
      equals = valueEnd < length ? text.indexOf('=', valueEnd) : -1;
    }
    if (out == null) {
      return urlOrQuery;
    }
    return out.append(text, copied, length).toString();
  }

  /**
   * Returns whether {@code text[start, end)} ends with one of {@link #SECRET_NAMES}, ignoring case and one closing
   * bracket ({@code user[password]}). Allocates nothing.
   */
  static boolean isSecretName(CharSequence text, int start, int end) {
    if (end > start && text.charAt(end - 1) == ']') { // a form field such as user[password]
      end--;
    }
    int length = end - start;
    for (String name : SECRET_NAME_ARRAY) { // an array: a list's iterator is an allocation unless the JIT removes it
      int n = name.length();
      if (n <= length && regionEqualsIgnoreCase(text, end - n, name)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code text[start, end)} is exactly {@link PiiMasker#REDACTED}. */
  static boolean isRedacted(CharSequence text, int start, int end) {
    return end - start == PiiMasker.REDACTED.length() && Chars.startsWith(text, start, PiiMasker.REDACTED);
  }

  private static boolean regionEqualsIgnoreCase(CharSequence text, int from, String lowerCase) {
    for (int i = 0; i < lowerCase.length(); i++) {
      char c = text.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lowerCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean looksLikeUrl(String text) {
    return text.startsWith("/") || text.contains("://");
  }

  private static boolean isNameDelimiter(char c) {
    return c == '?' || c == '&' || c == ';' || c == '#' || c == '/';
  }

  private static boolean isValueEnd(char c, boolean inPath) {
    return c == '&' || c == ';' || c == '#' || (inPath && (c == '/' || c == '?'));
  }
}
