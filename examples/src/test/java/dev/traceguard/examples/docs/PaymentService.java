package dev.traceguard.examples.docs;

import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.context.ApplicationScoped;

/** docs/cdi.md: {@code @Traced} on a bean. */
// snippet:traced
@ApplicationScoped @Traced
public class PaymentService {
  Payment charge(@SpanAttribute("payment.user_id") long userId) { return new Payment(userId); } // "PaymentService.charge"
  @Traced(value = "payment.refund", kind = SpanKind.CLIENT) void refund() { }
  @Traced(enabled = false) String describe() { return "payments"; }                        // no span
}
// end:traced

record Payment(long userId) {}
