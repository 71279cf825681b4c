package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue count's marks: what a flush waits for before it says the spans went. */
class SpanQueueTest {
  private final ExportCounters counters = new ExportCounters("queue-test");
  private final ExportLedger ledger = new ExportLedger("queue-test", counters, new QueueDropMonitor(counters),
      Duration.ofMinutes(1));
  private final SpanQueue queue = ledger.newQueue(10);
  private final SdkTracerProvider provider = SdkTracerProvider.builder()
      .addSpanProcessor(queue.around(SpanProcessor.composite())).build();

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void handedSince_spansQueuedAtTheMark_trueOnlyOnceTheLeadWasHandedThemAll() {
    ExporterAccount lead = ledger.open(InMemorySpanExporter.create(), queue);
    ExporterAccount second = ledger.open(InMemorySpanExporter.create(), queue);
    endSpans(3);
    long[] marks = ledger.mark();
    endSpans(2); // after the mark: not waited for

    second.handed(3); // another exporter of the same batches does not empty the queue
    assertThat(ledger.handedSince(marks)).isFalse();
    lead.handed(2);
    assertThat(ledger.handedSince(marks)).isFalse();
    lead.handed(1);

    assertThat(ledger.handedSince(marks)).isTrue();
    assertThat(queue.waiting()).isEqualTo(2);
  }

  @Test
  void handedSince_queueNothingFeeds_true() {
    endSpans(2);

    assertThat(ledger.handedSince(ledger.mark())).isTrue();
  }

  private void endSpans(int count) {
    for (int i = 0; i < count; i++) {
      provider.get("queue-test").spanBuilder("span-" + i).startSpan().end();
    }
  }
}
