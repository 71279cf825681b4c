package dev.traceguard.tck;

import dev.traceguard.api.ErrorCode;

/**
 * The error codes the kits throw inside {@link dev.traceguard.api.TraceguardException}s: one answered with a 4xx and
 * one with a 5xx, both of domain {@code TCK}. Immutable.
 */
public enum KitErrorCode implements ErrorCode {

  /** Code 4040, HTTP 404: a client error, which leaves a SERVER span's status UNSET. */
  NOT_FOUND(4040, 404, "Kit resource not found"),

  /** Code 5030, HTTP 503: a server error, which sets a SERVER span's status to ERROR. */
  UNAVAILABLE(5030, 503, "Kit service unavailable");

  /** The domain of every kit error code: {@value}. */
  public static final String DOMAIN = "TCK";

  private final int code;
  private final int httpStatus;
  private final String title;

  KitErrorCode(int code, int httpStatus, String title) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.title = title;
  }

  /** Returns 4040 or 5030. */
  @Override
  public int code() {
    return code;
  }

  /** Returns {@value #DOMAIN}. */
  @Override
  public String domain() {
    return DOMAIN;
  }

  /** Returns 404 or 503. */
  @Override
  public int httpStatus() {
    return httpStatus;
  }

  /** Returns a short English title. */
  @Override
  public String title() {
    return title;
  }
}
