package dev.traceguard.examples.docs;

import dev.traceguard.cdi.ContextPropagation;
import dev.traceguard.cdi.TraceguardExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** docs/cdi.md and docs/troubleshooting.md. */
final class CdiSnippets {
  private CdiSnippets() {}

  record OrderPlaced(long id) {}

  interface Orders {
    void ship(long id);
  }

  interface Quotes {
    String fetch(long id);
  }

  static final class Exporters {
    // snippet:exporter
    @Produces @TraceguardExporter @Singleton
    SpanExporter audit() { return new AuditSpanExporter(); }
    // end:exporter
  }

  static final class AuditSpanExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  abstract static class Shipping {
    @Inject Orders orders;
    @Inject Quotes quotes;
    @Inject Event<OrderPlaced> event;

    // snippet:executors
    @Resource ManagedExecutorService managed;

    void placed(long id) {
      ExecutorService executor = ContextPropagation.wrap(managed);
      executor.submit(() -> orders.ship(id));      // Orders.ship's span is a child of the caller's span
      CompletableFuture.supplyAsync(() -> quotes.fetch(id), ContextPropagation.wrap(managed));
      event.fireAsync(new OrderPlaced(id), NotificationOptions.ofExecutor(ContextPropagation.wrap(managed)));
    }
    // end:executors
  }
}
