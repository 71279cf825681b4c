package dev.traceguard.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sentry.SentryEvent;
import io.sentry.protocol.SentryException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.TestProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real request (Jersey on Grizzly, 127.0.0.1) whose resource fails with personal data in the exception and its
 * cause: the client gets problem+json with the trace id, and the event the real Sentry SDK sends to the stand-in
 * ingest holds none of the raw values, whatever {@code sendDefaultPii} says, and names the request's SERVER span.
 */
class SentryJaxRsEndToEndTest extends JerseyTest {
  private static final String EMAIL = "alice.smith@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String SSN = "123-45-6789";

  private InMemorySpanExporter spans; // set in configure(), which JerseyTest calls from its constructor
  private SentryIngest ingest;
  private TracingRuntime runtime;

  @Path("/payments")
  public static class PaymentResource {
    @GET
    @Path("/{email}")
    public Response charge(@PathParam("email") String email) {
      throw new IllegalStateException("charge failed for " + email + " (ssn " + SSN + ")",
          new IllegalArgumentException("card " + CARD + " declined"));
    }
  }

  @Override
  protected Application configure() {
    forceSet(TestProperties.CONTAINER_PORT, Integer.toString(freePort()));
    try {
      ingest = SentryIngest.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ingest.options().setSendDefaultPii(true);
    spans = InMemorySpanExporter.create();
    runtime = TracingRuntime.create(TracingConfig.builder().setServiceName("sentry-e2e").setExporters(List.of())
        .build(), List.of(spans)).start();
    return new ResourceConfig(PaymentResource.class).register(new TraceguardFeature(runtime));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected URI getBaseUri() {
    return UriBuilder.fromUri("http://127.0.0.1/").port(getPort()).build();
  }

  @AfterEach
  void stopRuntimeAndSentry() {
    runtime.shutdown(Duration.ofSeconds(5));
    ingest.close();
  }

  @Test
  void failedRequest_personalDataInExceptionAndCause_sentryEventMaskedAndLinkedToTheServerSpan() throws Exception {
    Response response = target("payments").path(EMAIL).request().get();
    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    String problem = response.readEntity(String.class);

    SentryEvent event = ingest.receivedEvent();
    runtime.forceFlush(Duration.ofSeconds(5));

    SpanData server = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(problem).contains(server.getTraceId());
    assertThat(event.getContexts().getTrace().getTraceId().toString()).isEqualTo(server.getTraceId());
    assertThat(event.getContexts().getTrace().getSpanId().toString()).isEqualTo(server.getSpanId());
    assertThat(event.getExceptions()).extracting(SentryException::getValue).contains(
        "charge failed for a***@example.com (ssn ***-**-****)", "card ****-****-****-1111 declined");
    String sent = String.valueOf(event.getExceptions()) + event.getBreadcrumbs() + event.getExtras()
        + event.getRequest() + event.getTags();
    for (String raw : List.of(EMAIL, CARD, SSN, "4111111111111111")) {
      assertThat(sent).as("raw value %s", raw).doesNotContain(raw);
    }
  }
}
