package dev.traceguard.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.ext.AsyncInvocationInterceptor;
import org.junit.jupiter.api.Test;

class RestClientContextTest {

  @Test
  void interceptor_preparedOnTheCallerAppliedElsewhere_callersContextCurrentThereUntilRemoved() throws Exception {
    AsyncInvocationInterceptor interceptor = new RestClientContext().newInterceptor();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Scope ignored = Baggage.builder().put("tenant", "acme").build().makeCurrent()) {
      interceptor.prepareContext();
    }
    try {
      String[] seen = executor.submit(() -> {
        interceptor.applyContext();
        String during = Baggage.current().getEntryValue("tenant");
        interceptor.removeContext();
        return new String[] {during, String.valueOf(Context.current() == Context.root())};
      }).get(10, TimeUnit.SECONDS);

      assertThat(seen[0]).isEqualTo("acme");
      assertThat(seen[1]).isEqualTo("true");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void interceptor_removedWithoutApply_doesNothing() throws Exception {
    AsyncInvocationInterceptor interceptor = new RestClientContext().newInterceptor();

    CompletableFuture.runAsync(interceptor::removeContext).get(10, TimeUnit.SECONDS);

    assertThat(Context.current()).isSameAs(Context.root());
  }
}
