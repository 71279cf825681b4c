package dev.traceguard.core.internal;

import dev.traceguard.core.RecordingLogHandler;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.core.DropReason;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExportCountersTest {
  private static final Logger LOGGER = Logger.getLogger("dev.traceguard.core.internal.ExportCounters");

  private final RecordingLogHandler handler = new RecordingLogHandler();
  private final List<LogRecord> records = handler.records();
  private boolean parentHandlers;

  @BeforeEach
  void captureLog() {
    parentHandlers = LOGGER.getUseParentHandlers();
    LOGGER.setUseParentHandlers(false);
    LOGGER.addHandler(handler);
  }

  @AfterEach
  void releaseLog() {
    LOGGER.removeHandler(handler);
    LOGGER.setUseParentHandlers(parentHandlers);
  }

  private static String message(LogRecord record) {
    return new SimpleFormatter().formatMessage(record);
  }

  @Test
  void drop_severalReasons_countsEachSeparately() {
    ExportCounters counters = new ExportCounters("svc", Long.MAX_VALUE);

    counters.drop(DropReason.QUEUE_FULL, 3);
    counters.drop(DropReason.QUEUE_FULL, 4);
    counters.drop(DropReason.SHUTDOWN, 2);

    assertThat(counters.dropped(DropReason.QUEUE_FULL)).isEqualTo(7);
    assertThat(counters.dropped(DropReason.SHUTDOWN)).isEqualTo(2);
    assertThat(counters.dropped(DropReason.EXPORT_FAILED)).isZero();
    assertThat(counters.dropped(DropReason.RETRY_BUFFER_FULL)).isZero();
  }

  @Test
  void drop_nonPositiveCount_ignoredAndNotLogged() {
    ExportCounters counters = new ExportCounters("svc", 0);

    counters.drop(DropReason.EXPORT_FAILED, 0);
    counters.drop(DropReason.EXPORT_FAILED, -5);

    assertThat(counters.totals()).isEqualTo(DropTotals.of(0, 0, 0, 0));
    assertThat(records).isEmpty();
  }

  @Test
  void totals_noDrops_listsEveryReasonInDeclarationOrder() {
    ExportCounters counters = new ExportCounters("svc");

    assertThat(counters.totals()).containsExactly(
        Map.entry(DropReason.QUEUE_FULL, 0L),
        Map.entry(DropReason.EXPORT_FAILED, 0L),
        Map.entry(DropReason.REJECTED, 0L),
        Map.entry(DropReason.RETRY_BUFFER_FULL, 0L),
        Map.entry(DropReason.SHUTDOWN, 0L));
  }

  @Test
  void totals_returned_isASnapshot() {
    ExportCounters counters = new ExportCounters("svc", Long.MAX_VALUE);
    Map<DropReason, Long> before = counters.totals();

    counters.drop(DropReason.QUEUE_FULL, 1);

    assertThat(before).isEqualTo(DropTotals.of(0, 0, 0, 0));
    assertThat(counters.totals()).isEqualTo(DropTotals.of(1, 0, 0, 0));
  }

  @Test
  void drop_first_logsWarningWithOwnerAndTotalsAtOnce() {
    ExportCounters counters = new ExportCounters("checkout");

    counters.drop(DropReason.EXPORT_FAILED, 3);

    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.getLevel()).isEqualTo(Level.WARNING);
      assertThat(message(record)).isEqualTo(
          "Traceguard [checkout] dropped spans so far: "
              + "{QUEUE_FULL=0, EXPORT_FAILED=3, REJECTED=0, RETRY_BUFFER_FULL=0, SHUTDOWN=0}");
    });
  }

  @Test
  void drop_againWithinInterval_doesNotLogAgain() {
    ExportCounters counters = new ExportCounters("checkout", Long.MAX_VALUE);

    counters.drop(DropReason.EXPORT_FAILED, 3);
    counters.drop(DropReason.SHUTDOWN, 1);
    counters.drop(DropReason.QUEUE_FULL, 1);

    assertThat(records).hasSize(1);
    assertThat(counters.totals()).isEqualTo(DropTotals.of(1, 3, 0, 1));
  }

  @Test
  void drop_againAfterInterval_logsAgainWithNewTotals() {
    ExportCounters counters = new ExportCounters("checkout", 0);

    counters.drop(DropReason.EXPORT_FAILED, 3);
    counters.drop(DropReason.RETRY_BUFFER_FULL, 2);

    assertThat(records).extracting(ExportCountersTest::message).containsExactly(
        "Traceguard [checkout] dropped spans so far: "
            + "{QUEUE_FULL=0, EXPORT_FAILED=3, REJECTED=0, RETRY_BUFFER_FULL=0, SHUTDOWN=0}",
        "Traceguard [checkout] dropped spans so far: "
            + "{QUEUE_FULL=0, EXPORT_FAILED=3, REJECTED=0, RETRY_BUFFER_FULL=2, SHUTDOWN=0}");
  }

  @Test
  void drop_manyThreads_countsEverySpan() throws InterruptedException {
    ExportCounters counters = new ExportCounters("svc", Long.MAX_VALUE);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          counters.drop(DropReason.QUEUE_FULL, 1);
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }

    assertThat(counters.dropped(DropReason.QUEUE_FULL)).isEqualTo(4000);
    assertThat(records).hasSize(1);
  }
}
