package dev.traceguard.core.internal;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.TraceguardConfigurationException;
import dev.traceguard.api.TracingConfig;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * On a server's OpenTelemetry, the export path of the application's own exporters: the spans the server's SDK ends
 * reach them through the batch processor built here, with the books a Traceguard SDK keeps on its exporters (its
 * {@link ExportLedger}): spans turned away by a full queue, dropped after failed exports, or left undelivered at
 * shutdown are counted in the runtime's {@link ExportCounters} and logged, at most once per interval and once at
 * shutdown. Each exporter gets masking, its account and a retry buffer: its subdirectory of {@code
 * traceguard.exporter.retry.directory} when that is set, else memory ({@code traceguard.exporter.retry.buffer-size}).
 *
 * <p>Why not the path a Traceguard SDK gives an exporter ({@code AutoconfiguredSdk.exportPath}): its OTLP
 * exporters' rebuilding and stack-trace rendering need SDK types a server's SDK may lack or keep from the
 * application, and a server's SDK renders stack traces when recording. Only the SDK's trace and common types are
 * used here (the retry directory's codec included). Thread-safe.
 */
public final class ApplicationExport {
  private static final Logger logger = Logger.getLogger(ApplicationExport.class.getName());
  // Resolved now, through the application's class loader: a web container may have stopped that loader by the time
  // shutdown logs (Payara does, before CDI's BeforeShutdown), and the log call's signature names Level.
  private static final Level SHUTDOWN_PROBLEM = Level.WARNING;

  private final ExportLedger ledger;
  private final SpanProcessor processor;

  private ApplicationExport(ExportLedger ledger, SpanProcessor processor) {
    this.ledger = ledger;
    this.processor = processor;
  }

  /**
   * Builds the batch processor feeding {@code exporters}, with {@code config}'s batch settings, masked by {@code
   * masker}, counting into {@code counters}; its worker thread starts now.
   *
   * @throws TraceguardConfigurationException when {@code traceguard.exporter.retry.directory} cannot be written
   */
  public static ApplicationExport start(List<SpanExporter> exporters, TracingConfig config, PiiMasker masker,
      ExportCounters counters) {
    AutoconfiguredSdk.retryDirectoryProblem(config).ifPresent(problem -> {
      throw new TraceguardConfigurationException(List.of(problem));
    });
    ExportLedger ledger = new ExportLedger(config.serviceName(), counters);
    SpanQueue queue = ledger.newQueue(config.maxQueueSize());
    List<SpanExporter> paths = new ArrayList<>(exporters.size());
    for (SpanExporter exporter : exporters) {
      paths.add(ledger.threads().noting(AutoconfiguredSdk.maskedDelivery(
          exporter, AutoconfiguredSdk.writesLocally(exporter), queue, config, ledger, masker)));
    }
    return new ApplicationExport(ledger, AutoconfiguredSdk.batchProcessor(config, queue, paths, null));
  }

  /** The processor the server's SDK hands its ended spans to. */
  public SpanProcessor processor() {
    return processor;
  }

  /**
   * Hands every span ended so far to the exporters and tries at once to send what they hold for retry, waiting
   * until {@code deadline} ({@link System#nanoTime()}) at most; returns whether all of it was delivered in time.
   */
  public boolean flush(long deadline) {
    boolean flushed = ledger.flushUntilHanded(processor::forceFlush, deadline);
    return flushed && ledger.retryHeld().join(ExportLedger.millisLeft(deadline), TimeUnit.MILLISECONDS).isSuccess();
  }

  /**
   * Exports what is queued, shuts the processor and its exporters down and ends its worker thread, waiting until
   * {@code deadline} at most; what was not delivered is counted as {@code SHUTDOWN} and logged in one WARNING
   * before this returns. Returns whether everything was delivered and stopped in time.
   */
  public boolean shutdown(long deadline) {
    boolean done = false;
    try {
      ledger.flushUntilHanded(processor::forceFlush, deadline);
      CompletableResultCode stopped = processor.shutdown();
      done = stopped.join(ExportLedger.millisLeft(deadline), TimeUnit.MILLISECONDS).isSuccess();
      done &= ledger.settle() == 0;
    } catch (RuntimeException | LinkageError e) {
      // As for a Traceguard SDK: the container may have stopped the application's class loader by now. The worker
      // thread must end all the same.
      logger.log(SHUTDOWN_PROBLEM, "Traceguard could not finish shutting down the application's exporters: {0}", e);
    } finally {
      done &= ledger.threads().end(deadline);
    }
    return done;
  }
}
