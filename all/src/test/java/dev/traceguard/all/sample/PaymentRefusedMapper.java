package dev.traceguard.all.sample;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The application's own mapper: {@link PaymentRefused} answered 402 with a plain-text body. */
@Provider
public class PaymentRefusedMapper implements ExceptionMapper<PaymentRefused> {
  /** Answers 402 {@code payment refused}. */
  @Override
  public Response toResponse(PaymentRefused exception) {
    return Response.status(402).type(MediaType.TEXT_PLAIN_TYPE).entity("payment refused").build();
  }
}
