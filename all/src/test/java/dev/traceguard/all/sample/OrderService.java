package dev.traceguard.all.sample;

import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import dev.traceguard.api.TraceguardException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A {@code @Traced} bean: each call is an INTERNAL span carrying the customer's e-mail address as an attribute, which
 * Traceguard must mask before export. Ids from {@value #FIRST_UNKNOWN_ID} up are unknown orders.
 */
@ApplicationScoped
@Traced
public class OrderService {
  /** The smallest order id the sample answers with {@link SampleError#ORDER_NOT_FOUND}. */
  public static final long FIRST_UNKNOWN_ID = 1000;

  /**
   * Describes one order.
   *
   * @throws TraceguardException {@link SampleError#ORDER_NOT_FOUND} for ids from {@value #FIRST_UNKNOWN_ID} up; its
   *     internal message holds the e-mail address, its public detail does not
   */
  public String describe(@SpanAttribute("order.id") long id, @SpanAttribute("customer.email") String email) {
    if (id >= FIRST_UNKNOWN_ID) {
      throw new TraceguardException(SampleError.ORDER_NOT_FOUND, "No such order",
          "order " + id + " of " + email + " does not exist", null);
    }
    return "order " + id;
  }
}
