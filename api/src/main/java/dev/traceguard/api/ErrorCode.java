package dev.traceguard.api;

import java.net.URI;

/**
 * A structured application error: a number within a domain, the HTTP status it answers with, and a short title.
 *
 * <p>Applications declare their codes as enums implementing this interface and register them in an {@link
 * ErrorCodeRegistry}, which rejects two codes with the same domain and number. Traceguard records {@link #code()}
 * as span attribute {@code error.code} and {@link #domain()} as {@code error.domain}, and answers with an RFC 9457
 * problem whose {@code type}, {@code title} and {@code status} come from here.
 *
 * <pre>{@code
 * enum UserError implements ErrorCode {
 *   NOT_FOUND(1001, 404, "User not found");
 *   ...
 *   public String domain() { return "USER"; }
 * }
 * }</pre>
 *
 * <p>Implementations must be immutable and return the same values on every call.
 */
public interface ErrorCode {

  /** The problem type used when a code names none: {@code about:blank}, as RFC 9457 says. */
  URI ABOUT_BLANK = URI.create("about:blank");

  /** Returns the number of this error, unique within its {@link #domain()}. */
  int code();

  /** Returns the area the error belongs to, such as {@code USER} or {@code PAYMENT}: non-blank, low cardinality. */
  String domain();

  /** Returns the HTTP status a request failing with this error answers with, in [100, 599]. */
  int httpStatus();

  /** Returns a short, human-readable summary that is the same for every occurrence; safe to show to clients. */
  String title();

  /** Returns the RFC 9457 problem type of this error. Default {@link #ABOUT_BLANK}. */
  default URI type() {
    return ABOUT_BLANK;
  }
}
