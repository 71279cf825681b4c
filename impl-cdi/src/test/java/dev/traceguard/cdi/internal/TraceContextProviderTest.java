package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.concurrent.spi.ThreadContextProvider;
import jakarta.enterprise.concurrent.spi.ThreadContextRestorer;
import jakarta.enterprise.concurrent.spi.ThreadContextSnapshot;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes are opened for their effect on Span.current()
class TraceContextProviderTest {
  private static final Span REQUEST = Span.wrap(SpanContext.create(
      "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));

  private final ThreadContextProvider provider = new TraceContextProvider();

  @Test
  void serviceLoader_concurrencySpi_findsTheProviderUnderItsType() {
    assertThat(ServiceLoader.load(ThreadContextProvider.class).stream().map(ServiceLoader.Provider::get))
        .singleElement()
        .satisfies(found -> assertThat(found.getThreadContextType()).isEqualTo("Traceguard"));
  }

  @Test
  void currentContext_begunOnAnotherThread_runsTheTaskInTheSubmittersSpan() {
    ThreadContextSnapshot snapshot;
    try (Scope request = Context.root().with(REQUEST).makeCurrent()) {
      snapshot = provider.currentContext(Map.of());
    }

    Span seen = CompletableFuture.supplyAsync(() -> {
      ThreadContextRestorer restorer = snapshot.begin();
      try {
        return Span.current();
      } finally {
        restorer.endContext();
      }
    }).join();

    assertThat(seen).isSameAs(REQUEST);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void clearedContext_begunInARequest_hidesItsSpanUntilEnded() {
    try (Scope request = Context.root().with(REQUEST).makeCurrent()) {
      ThreadContextRestorer restorer = provider.clearedContext(Map.of()).begin();
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
      restorer.endContext();
      assertThat(Span.current()).isSameAs(REQUEST);
    }
  }

  @Test
  void endContext_calledTwice_refusesTheSecond() {
    ThreadContextRestorer restorer = provider.currentContext(Map.of()).begin();
    restorer.endContext();

    assertThatThrownBy(restorer::endContext).isInstanceOf(IllegalStateException.class);
  }
}
