package dev.traceguard.examples;

import dev.traceguard.api.TraceguardException;
import org.jspecify.annotations.Nullable;

/** The JSON bodies the services exchange, bound by JSON-B. Public with public fields because JSON-B needs them. */
final class Messages {
  private Messages() {}

  /** A user of the user service: {@code {"id","name","email"}}. */
  public static final class User {
    /** The user id, 1 to 999. */
    public long id;
    /** The display name. */
    public String name = "";
    /** The e-mail address: personal data, masked on every span. */
    public String email = "";

    /** For JSON-B. */
    public User() {}

    User(long id, String name, String email) {
      this.id = id;
      this.name = name;
      this.email = email;
    }
  }

  /** What {@code POST /api/checkout} takes, and the gateway forwards to {@code POST /payments}. */
  public static final class Checkout {
    /** The paying user's id. */
    public @Nullable Long userId;
    /** The card number: personal data, recorded on a span only to show that it is masked. */
    public @Nullable String card;
    /** The amount to charge; above {@link PaymentsResource#LIMIT} the payment is declined. */
    public @Nullable Double amount;

    /** For JSON-B. */
    public Checkout() {}

    /**
     * Returns {@code checkout} when it has a user, a card and a positive amount.
     *
     * @throws TraceguardException {@link DemoError#CHECKOUT_INVALID} naming what is missing
     */
    static Checkout validated(@Nullable Checkout checkout) {
      if (checkout == null || checkout.userId == null || checkout.card == null || checkout.card.isBlank()
          || checkout.amount == null || !(checkout.amount > 0)) {
        throw new TraceguardException(DemoError.CHECKOUT_INVALID,
            "A checkout needs a userId, a card and a positive amount");
      }
      return checkout;
    }
  }

  /** A payment the payment service accepted. */
  public static final class Payment {
    /** The payment id, {@code pay-} and a random UUID. */
    public String paymentId = "";
    /** The paying user's id. */
    public long userId;
    /** The amount charged. */
    public double amount;
    /** Always {@code APPROVED}: a declined payment is an error answer instead. */
    public String status = "";

    /** For JSON-B. */
    public Payment() {}

    Payment(String paymentId, long userId, double amount, String status) {
      this.paymentId = paymentId;
      this.userId = userId;
      this.amount = amount;
      this.status = status;
    }
  }
}
