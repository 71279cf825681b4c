package dev.traceguard.core.internal.pii;

import dev.traceguard.api.PiiMasker;
import org.jspecify.annotations.Nullable;

/**
 * A JSON Web Token as a whole becomes {@link PiiMasker#REDACTED}: {@code eyJ} and 7 or more, a dot, 2 or more, a
 * dot, any of {@code [\w-]}. Part of {@link dev.traceguard.api.PiiDetector#SECRET}.
 *
 * <p>Reads the token's first part, and its second when the first ends with a dot: each part is a run, and a run's
 * characters after its start are never a start of this detector (they follow a word character or a dash).
 * Stateless.
 */
final class Jwts implements Detector {
  static final Jwts INSTANCE = new Jwts();

  private Jwts() {}

  @Override
  public boolean mayStartWith(char c) {
    return c == 'e';
  }

  @Override
  public int maskAt(CharSequence text, int p, int before, int hints, @Nullable Rewrite rewrite) {
    int end = jwtEnd(text, p);
    return end < 0 ? NO_MATCH : Rewrite.replace(rewrite, p, end, PiiMasker.REDACTED, end);
  }

  /** Returns the end of a JWT at {@code p}, or -1. */
  static int jwtEnd(CharSequence text, int p) {
    if (!Chars.startsWith(text, p, "eyJ")) {
      return -1;
    }
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

  private static int tokenRunEnd(CharSequence text, int i) {
    while (i < text.length() && (Chars.classOf(text.charAt(i)) & Chars.IN_RUN) != 0) {
      i++;
    }
    return i;
  }
}
