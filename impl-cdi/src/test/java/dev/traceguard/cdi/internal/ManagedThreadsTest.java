package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.Traced;
import dev.traceguard.cdi.ContextPropagation;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Traced work on other threads (asynchronous events through a wrapped executor) and in passivating beans. */
@EnableWeld
@SuppressWarnings("try") // scopes are opened for their effect on Span.current()
class ManagedThreadsTest {

  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(TestContainers.weld(Shipping.class, Cart.class))
      .activate(SessionScoped.class)
      .build();

  @Inject Event<OrderPlaced> orderPlaced;
  @Inject TracingRuntime runtime;
  @Inject TestExporter exporter;
  @Inject Cart cart;

  private final ExecutorService pool = Executors.newFixedThreadPool(1);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void asyncEvent_throughWrappedExecutor_observerSpanIsChildOfTheFiringSpan() throws Exception {
    Span request = runtime.tracer().spanBuilder("request").startSpan();
    try (Scope scope = request.makeCurrent()) {
      orderPlaced.fireAsync(new OrderPlaced("E-1"), NotificationOptions.ofExecutor(ContextPropagation.wrap(pool)))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      request.end();
    }

    List<SpanData> spans = exporter.spans(runtime);
    assertThat(span(spans, "Shipping.onOrderPlaced").getParentSpanId())
        .isEqualTo(request.getSpanContext().getSpanId());
  }

  @Test
  void asyncEvent_throughPlainExecutor_observerSpanStartsANewTrace() throws Exception {
    Span request = runtime.tracer().spanBuilder("request").startSpan();
    try (Scope scope = request.makeCurrent()) {
      orderPlaced.fireAsync(new OrderPlaced("E-2"), NotificationOptions.ofExecutor(pool))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      request.end();
    }

    SpanData observer = span(exporter.spans(runtime), "Shipping.onOrderPlaced");
    assertThat(observer.getParentSpanContext().isValid()).isFalse();
    assertThat(observer.getTraceId()).isNotEqualTo(request.getSpanContext().getTraceId());
  }

  @Test
  void sessionScopedBean_passivationCapableTracing_deploysAndTraces() {
    assertThat(cart.add("book")).isEqualTo(1);

    SpanData added = span(exporter.spans(runtime), "Cart.add");
    assertThat(added.getAttributes().asMap().values()).containsExactly("book");
  }

  record OrderPlaced(String id) {}

  @ApplicationScoped
  static class Shipping {
    @Traced
    void onOrderPlaced(@ObservesAsync OrderPlaced event) {}
  }

  /** Passivating: its interceptor and every injected Traceguard object must be passivation capable. */
  @SessionScoped
  @Traced
  static class Cart implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject Span span;
    @Inject io.opentelemetry.api.trace.Tracer tracer;
    private int items;

    int add(String item) {
      span.setAttribute("cart.item", item);
      return ++items;
    }
  }
}
