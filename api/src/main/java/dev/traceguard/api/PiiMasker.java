package dev.traceguard.api;

/**
 * Replaces personal data and secrets in text with masked forms, such as {@code a***@example.com} for an e-mail
 * address or {@link #REDACTED} for a token.
 *
 * <p>Traceguard masks every span on the export path; applications may use the same masker for their own logs.
 * Implementations are thread-safe, never throw, return the input instance itself when there is nothing to mask,
 * and are idempotent: {@code mask(mask(s)).equals(mask(s))}.
 */
@FunctionalInterface
public interface PiiMasker {

  /** The replacement of a secret or of a custom pattern's match: {@value}. */
  String REDACTED = "[REDACTED]";

  /** Returns {@code text} with personal data masked; {@code text} itself when nothing needed masking. */
  String mask(String text);

  /** Returns a masker that changes nothing. */
  static PiiMasker noop() {
    return NoopPiiMasker.INSTANCE;
  }
}
