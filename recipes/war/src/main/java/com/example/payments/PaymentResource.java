package com.example.payments;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import dev.traceguard.api.TraceguardException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

@Path("/payments") @RequestScoped
public class PaymentResource {                    // a SERVER span per request, named POST /payments/{user}
  @Inject PaymentService payments;

  @POST @Path("/{user}")
  public String pay(@PathParam("user") long user) {
    return payments.charge(user, 1200);
  }
}

@ApplicationScoped @Traced                        // a span per business method
class PaymentService {
  String charge(@SpanAttribute("payment.user_id") long user, long cents) {
    if (cents > 1000) {                           // answered as 402 problem+json, trace_id included
      throw new TraceguardException(PaymentError.DECLINED, "The card of user " + user + " was declined");
    }
    return "paid";
  }
}

enum PaymentError implements ErrorCode {         // your error codes: number, domain, HTTP status, title
  DECLINED;
  @Override public int code() { return 2001; }
  @Override public String domain() { return "PAY"; }
  @Override public int httpStatus() { return 402; }
  @Override public String title() { return "Payment declined"; }
}
