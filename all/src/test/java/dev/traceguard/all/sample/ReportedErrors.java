package dev.traceguard.all.sample;

import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.api.spi.ErrorReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * An application's own {@link ErrorListener} bean, in {@code WEB-INF/classes}, keeping the reports it receives for
 * {@link ReportedErrorsResource}. Not a resource itself: Jersey on Payara injects a bean that is also a resource
 * through the last injection manager it made, which a closed client may have shut down, when the bean is first
 * created outside a request (here, on Traceguard's error thread).
 */
@ApplicationScoped
public class ReportedErrors implements ErrorListener {
  private static final Queue<ErrorReport> RECEIVED = new ConcurrentLinkedQueue<>();

  @Override
  public void onError(ErrorReport report) {
    RECEIVED.add(report);
  }

  /** The class names of the exceptions reported in {@code traceId} so far, one a line. */
  static String of(String traceId) {
    return RECEIVED.stream().filter(report -> report.traceId().equals(traceId))
        .map(report -> report.error().getClass().getName())
        .collect(Collectors.joining("\n"));
  }
}
