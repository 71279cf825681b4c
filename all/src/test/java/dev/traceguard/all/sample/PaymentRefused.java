package dev.traceguard.all.sample;

/** The application's own exception, answered by its own mapper ({@link PaymentRefusedMapper}), not Traceguard's. */
public class PaymentRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its internal message. */
  public PaymentRefused(String message) {
    super(message);
  }
}
