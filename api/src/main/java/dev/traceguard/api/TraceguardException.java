package dev.traceguard.api;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * An application failure with an {@link ErrorCode}: thrown by business code, recorded on the current span and
 * answered as an RFC 9457 problem with the code's status.
 *
 * <p>Two texts travel with it. The {@linkplain #detail() detail} is answered to the client as the problem's
 * {@code detail}, so it must never hold secrets or personal data. The {@linkplain #getMessage() message} stays
 * inside: it is recorded on the span (masked before export) and may name the failing input. When only a detail is
 * given, the message is the detail.
 */
public class TraceguardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorCode errorCode;
  private final String detail;

  /** Creates an exception whose detail and message are the code's {@linkplain ErrorCode#title() title}. */
  public TraceguardException(ErrorCode errorCode) {
    this(errorCode, requireNonNull(errorCode, "errorCode").title());
  }

  /** Creates an exception with a public detail, which is also its message. */
  public TraceguardException(ErrorCode errorCode, String detail) {
    this(errorCode, requireNonNull(detail, "detail"), detail, null);
  }

  /** Creates an exception with a public detail, which is also its message, and a cause. */
  public TraceguardException(ErrorCode errorCode, String detail, @Nullable Throwable cause) {
    this(errorCode, requireNonNull(detail, "detail"), detail, cause);
  }

  /**
   * Creates an exception with a public detail, a separate internal message, and an optional cause.
   *
   * @param errorCode what went wrong
   * @param detail answered to the client; never secrets or personal data
   * @param message recorded on the span, masked before export; may name the failing input
   * @param cause the underlying failure, or null
   */
  public TraceguardException(ErrorCode errorCode, String detail, String message, @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.errorCode = requireNonNull(errorCode, "errorCode");
    this.detail = requireNonNull(detail, "detail");
  }

  /** Returns the error code. */
  public ErrorCode errorCode() {
    return errorCode;
  }

  /** Returns the detail answered to the client: safe to show, never secrets or personal data. */
  public String detail() {
    return detail;
  }
}
