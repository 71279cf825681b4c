package dev.traceguard.examples.docs;

import dev.traceguard.api.spi.ErrorReport;

/** docs/correlation.md: an error listener of the application's own. */
// snippet:listener
public final class TicketingListener implements dev.traceguard.api.spi.ErrorListener {
  @Override
  public void onError(ErrorReport report) {
    // report.error(), report.errorCode() (null unless a TraceguardException), report.traceId(), report.spanId(),
    // report.sampled(), report.hasTraceContext()
  }
}
// end:listener
