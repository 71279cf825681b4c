package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.core.RecordingLogHandler;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SdkExportLogsTest {
  // A logger of the test's own: the SDK's loggers are held by whatever runtime other tests left running.
  private final Logger sdk = Logger.getLogger("dev.traceguard.test.sdk-export-logs." + System.nanoTime());
  private final SdkExportLogs.Held held = new SdkExportLogs.Held(List.of(sdk.getName()));
  private final RecordingLogHandler handler = new RecordingLogHandler();
  private Level level;
  private boolean parents;

  @BeforeEach
  void record() {
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
    held.hold();
    try {
      sdk.severe("Failed to export spans. The request could not be executed.");
      assertThat(handler.records()).isEmpty();
    } finally {
      held.release();
    }
    sdk.severe("after release");

    assertThat(handler.records()).extracting(r -> r.getMessage()).containsExactly("after release");
  }

  @Test
  void hold_loggerSetToFine_sdkMessagesPassAgain() {
    sdk.setLevel(Level.FINE);
    held.hold();
    try {
      sdk.severe("seen by a user who asked for FINE");
    } finally {
      held.release();
    }

    assertThat(handler.records()).hasSize(1);
  }

  @Test
  void hold_twoRuntimes_heldUntilTheLastReleasesAndTheApplicationsFilterKept() {
    Filter own = record -> !record.getMessage().contains("secret");
    sdk.setFilter(own);
    try {
      held.hold();
      held.hold();
      held.release();
      sdk.severe("still held");
      assertThat(handler.records()).isEmpty();
      held.release();

      assertThat(sdk.getFilter()).isSameAs(own);
      sdk.severe("a secret");
      sdk.severe("plain");
      assertThat(handler.records()).extracting(r -> r.getMessage()).containsExactly("plain");
    } finally {
      sdk.setFilter(null);
    }
  }

  @Test
  void holding_betweenHoldAndRelease_true() {
    assertThat(held.holding()).isFalse();
    held.hold();
    assertThat(held.holding()).isTrue();
    held.release();
    assertThat(held.holding()).isFalse();
  }

  @Test
  void release_withoutHold_doesNothing() {
    held.release();
    sdk.severe("plain");

    assertThat(handler.records()).hasSize(1);
  }
}
