package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.core.RecordingLogHandler;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import java.time.Duration;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SdkExportLogsTest {
  private final Logger sdk = Logger.getLogger(HttpExporter.class.getName());
  private final RecordingLogHandler handler = new RecordingLogHandler();
  private Level level;
  private boolean parents;

  @BeforeEach
  void record() {
    // A runtime of another test whose exports outlived its shutdown still holds the filters: wait for it to end.
    await().atMost(Duration.ofSeconds(40)).until(() -> !SdkExportLogs.holding());
    level = sdk.getLevel();
    parents = sdk.getUseParentHandlers();
    sdk.addHandler(handler);
    sdk.setUseParentHandlers(false); // these SEVEREs are the test's own: keep them off the build's console
  }

  @AfterEach
  void restore() {
    sdk.removeHandler(handler);
    sdk.setLevel(level);
    sdk.setUseParentHandlers(parents);
  }

  @Test
  void hold_sdkSevere_heldBackUntilReleased() {
    SdkExportLogs.hold();
    try {
      sdk.severe("Failed to export spans. The request could not be executed.");
      assertThat(handler.records()).isEmpty();
    } finally {
      SdkExportLogs.release();
    }
    sdk.severe("after release");

    assertThat(handler.records()).extracting(r -> r.getMessage()).containsExactly("after release");
  }

  @Test
  void hold_loggerSetToFine_sdkMessagesPassAgain() {
    sdk.setLevel(Level.FINE);
    SdkExportLogs.hold();
    try {
      sdk.severe("seen by a user who asked for FINE");
    } finally {
      SdkExportLogs.release();
    }

    assertThat(handler.records()).hasSize(1);
  }

  @Test
  void hold_twoRuntimes_heldUntilTheLastReleasesAndTheApplicationsFilterKept() {
    Filter own = record -> !record.getMessage().contains("secret");
    sdk.setFilter(own);
    try {
      SdkExportLogs.hold();
      SdkExportLogs.hold();
      SdkExportLogs.release();
      sdk.severe("still held");
      assertThat(handler.records()).isEmpty();
      SdkExportLogs.release();

      assertThat(sdk.getFilter()).isSameAs(own);
      sdk.severe("a secret");
      sdk.severe("plain");
      assertThat(handler.records()).extracting(r -> r.getMessage()).containsExactly("plain");
    } finally {
      sdk.setFilter(null);
    }
  }

  @Test
  void release_withoutHold_doesNothing() {
    SdkExportLogs.release();
    sdk.severe("plain");

    assertThat(handler.records()).hasSize(1);
  }
}
