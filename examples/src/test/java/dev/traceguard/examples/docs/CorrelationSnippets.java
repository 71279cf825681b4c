package dev.traceguard.examples.docs;

import io.sentry.Sentry;

/** docs/correlation.md. */
final class CorrelationSnippets {
  private CorrelationSnippets() {}

  static void startUp() {
    // snippet:sentry
    Sentry.init(options -> {
      options.setDsn(System.getenv("SENTRY_DSN"));
      options.setEnvironment("production");
      options.setEnableUncaughtExceptionHandler(false); // Traceguard reports what requests throw
    });
    // end:sentry
  }
}
