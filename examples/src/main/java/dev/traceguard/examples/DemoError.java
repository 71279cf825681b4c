package dev.traceguard.examples;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.ErrorCodeRegistry;

/** The demo's error codes: what each service answers as problem+json and records on its spans. */
enum DemoError implements ErrorCode {
  /** A user id outside 1 to 999, or an e-mail address no user has. */
  USER_NOT_FOUND(1001, "USER", 404, "User not found"),
  /** A checkout request without user, card or a positive amount. */
  CHECKOUT_INVALID(2001, "CHECKOUT", 400, "Invalid checkout request"),
  /** An amount above {@link PaymentsResource#LIMIT}. */
  PAYMENT_DECLINED(3001, "PAYMENT", 402, "Payment declined"),
  /** A downstream service that could not be reached or answered something no error code describes. */
  UPSTREAM_FAILED(9001, "GATEWAY", 502, "Upstream service failed"),
  /** A {@code POST /test} item whose URL is not an http URL on this machine. */
  HARNESS_TARGET_REFUSED(9002, "GATEWAY", 400, "Test target refused");

  /** Every code above, so that a caller can turn a downstream problem+json back into its code. */
  static final ErrorCodeRegistry REGISTRY = new ErrorCodeRegistry().registerAll(DemoError.class);

  private final int code;
  private final String domain;
  private final int httpStatus;
  private final String title;

  DemoError(int code, String domain, int httpStatus, String title) {
    this.code = code;
    this.domain = domain;
    this.httpStatus = httpStatus;
    this.title = title;
  }

  @Override
  public int code() {
    return code;
  }

  @Override
  public String domain() {
    return domain;
  }

  @Override
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public String title() {
    return title;
  }
}
