package dev.traceguard.core.internal;

import io.opentelemetry.exporter.otlp.internal.GrpcExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the SDK exporters' own failure messages out of the log while a runtime is running, since {@link
 * ExporterAccount} says the same in one line per interval with the endpoint: the SDK logs a SEVERE with a stack
 * trace of about 40 lines for each failed batch, naming no endpoint.
 *
 * <p>The SDK's messages are not lost: a user who sets one of these loggers to FINE (or finer) sees them again, as
 * the SDK wrote them. The filter goes on when the first runtime starts and comes off when the exporters of the last
 * one have stopped (which may be after its {@code shutdown} returned, when an export outlives the wait), and an
 * application's own filter on the same logger keeps deciding on what passes: nothing of Traceguard stays on a
 * JVM-wide logger after undeployment. Thread-safe.
 */
public final class SdkExportLogs {
  private static final Held SDK = new Held(
      // Zipkin's exporter by name: it is optional, and a logger needs no class.
      List.of(HttpExporter.class.getName(), GrpcExporter.class.getName(), ZipkinSpanExporterProvider.REQUIRED_CLASSES.get(0)));

  private SdkExportLogs() {}

  /** A runtime starts: the SDK exporters' messages are held back unless their logger is set to FINE. */
  public static void hold() {
    SDK.hold();
  }

  /** A runtime's exporters stopped: when they were the last, the loggers get their own filters back. */
  public static void release() {
    SDK.release();
  }

  /** Holds back what some loggers log below FINE while anyone holds them; one instance per set of loggers. */
  static final class Held {
    private final List<String> names;
    private final List<Installed> installed = new ArrayList<>(); // guarded by this
    private int users; // guarded by this

    Held(List<String> names) {
      this.names = List.copyOf(names);
    }

    synchronized void hold() {
      if (users++ > 0) {
        return;
      }
      for (String name : names) {
        Logger logger = Logger.getLogger(name);
        Filter previous = logger.getFilter();
        Filter filter = new FineOnly(logger, previous);
        logger.setFilter(filter);
        installed.add(new Installed(logger, previous, filter));
      }
    }

    synchronized void release() {
      if (users == 0 || --users > 0) {
        return;
      }
      for (Installed i : installed) {
        // Only if nobody replaced ours meanwhile: then theirs stays.
        if (i.logger.getFilter() == i.filter) {
          i.logger.setFilter(i.previous);
        }
      }
      installed.clear();
    }

    synchronized boolean holding() {
      return users > 0;
    }
  }

  private record Installed(Logger logger, @Nullable Filter previous, Filter filter) {}

  /** Passes a record only when its logger is set to FINE or finer, and then as the previous filter decides. */
  private record FineOnly(Logger logger, @Nullable Filter previous) implements Filter {
    @Override
    public boolean isLoggable(LogRecord record) {
      return logger.isLoggable(Level.FINE) && (previous == null || previous.isLoggable(record));
    }
  }
}
