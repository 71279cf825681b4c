package dev.traceguard.all.sample;

import dev.traceguard.api.ErrorCode;

/** The sample application's one error. */
public enum SampleError implements ErrorCode {
  /** An order id the sample does not know: {@code ORDER-4001}, HTTP 404. */
  ORDER_NOT_FOUND(4001, 404, "Order not found");

  private final int code;
  private final int httpStatus;
  private final String title;

  SampleError(int code, int httpStatus, String title) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.title = title;
  }

  @Override
  public int code() {
    return code;
  }

  @Override
  public String domain() {
    return "ORDER";
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
