package dev.traceguard.examples;

import dev.traceguard.api.TraceguardException;
import dev.traceguard.examples.Messages.Checkout;
import dev.traceguard.examples.Messages.Payment;
import dev.traceguard.examples.Messages.User;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The payment service: {@code POST /payments} charges a user's card, up to {@link #LIMIT}. */
@Path("/payments")
public final class PaymentsResource {
  /** The largest amount a payment may have: {@value}. */
  static final double LIMIT = 1000;
  /** The card number, recorded on the SERVER span only to show that it leaves the process masked. */
  static final AttributeKey<String> CARD = AttributeKey.stringKey("payment.card");

  private final AccountDirectory accounts;

  PaymentsResource(AccountDirectory accounts) {
    this.accounts = accounts;
  }

  /**
   * Charges the card.
   *
   * @throws TraceguardException {@link DemoError#CHECKOUT_INVALID} for an incomplete request, {@link
   *     DemoError#USER_NOT_FOUND} for an unknown user, {@link DemoError#PAYMENT_DECLINED} above {@link #LIMIT}
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Payment pay(@Nullable Checkout checkout) {
    Checkout valid = Checkout.validated(checkout);
    Span.current().setAttribute(CARD, valid.card);
    User user = accounts.find(valid.userId);
    if (valid.amount > LIMIT) {
      throw new TraceguardException(DemoError.PAYMENT_DECLINED, "The amount exceeds the limit of 1000",
          "Declined " + valid.amount + " on card " + valid.card + " of " + user.email, null);
    }
    return new Payment("pay-" + UUID.randomUUID(), user.id, valid.amount, "APPROVED");
  }
}
