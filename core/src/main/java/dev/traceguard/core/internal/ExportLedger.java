package dev.traceguard.core.internal;

import dev.traceguard.core.DropReason;
import dev.traceguard.core.LogThrottle;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One runtime's books on its exporters: the {@link SpanQueue} of each batch processor, the {@link ExporterAccount}
 * of each exporter, the drop counters they all report to, and the {@link ExportThreads} that ran them. {@link #settle()} closes every account when the
 * runtime shuts down and says in one WARNING how many spans were not delivered, and where they were headed.
 * Thread-safe.
 */
public final class ExportLedger {
  private static final Logger logger = Logger.getLogger(ExportLedger.class.getName());
  private static final Pattern ENDPOINT = Pattern.compile("endpoint=([^,}\\s]+)");
  private static final Pattern DEFAULT_DESCRIPTION = Pattern.compile("(?:[\\w$]+\\.)*([\\w$]+)@\\p{XDigit}+");

  private final String owner;
  private final ExportCounters counters;
  private final @Nullable QueueDropMonitor queueDrops; // null: every queue is a SpanQueue of this ledger
  private final Duration failureLogInterval;
  private final List<ExporterAccount> accounts = new CopyOnWriteArrayList<>();
  private final List<SpanQueue> queues = new CopyOnWriteArrayList<>();
  private final ExportThreads threads = new ExportThreads();

  /**
   * Opens the books of the service {@code owner}, logging each exporter's failures at most once a minute; {@code
   * queueDrops} reads the drops of batch processors Traceguard did not build.
   */
  public ExportLedger(String owner, ExportCounters counters, QueueDropMonitor queueDrops) {
    this(owner, counters, queueDrops, LogThrottle.DEFAULT_INTERVAL);
  }

  /** Opens books whose every batch processor is behind a {@link #newQueue queue} of theirs: no monitor needed. */
  public ExportLedger(String owner, ExportCounters counters) {
    this(owner, counters, null, LogThrottle.DEFAULT_INTERVAL);
  }

  ExportLedger(String owner, ExportCounters counters, @Nullable QueueDropMonitor queueDrops,
      Duration failureLogInterval) {
    this.owner = owner;
    this.counters = counters;
    this.queueDrops = queueDrops;
    this.failureLogInterval = failureLogInterval;
  }

  /** The drop counters every account reports to. */
  public ExportCounters counters() {
    return counters;
  }

  /** Counts the drops the monitor of batch processors Traceguard did not build has seen since it last looked. */
  public void updateQueueDrops() {
    if (queueDrops != null) {
      queueDrops.update();
    }
  }

  /** Registers the monitor, if any, on the meter provider being built; returns {@code builder}. */
  public SdkMeterProviderBuilder registerQueueDrops(SdkMeterProviderBuilder builder) {
    return queueDrops == null ? builder : queueDrops.registerOn(builder);
  }

  /** The batch worker threads that ran this runtime's exports, for its shutdown to end. */
  public ExportThreads threads() {
    return threads;
  }

  /** A queue count for one batch processor holding at most {@code capacity} spans. */
  SpanQueue newQueue(int capacity) {
    SpanQueue queue = new SpanQueue(capacity, counters);
    queues.add(queue);
    return queue;
  }

  /** Marks every queue: what {@link #handedSince} checks was handed on. */
  public long[] mark() {
    long[] marks = new long[queues.size()];
    for (int i = 0; i < marks.length; i++) {
      marks[i] = queues.get(i).mark();
    }
    return marks;
  }

  /** Whether every span waiting in a queue when {@code marks} were taken has been handed to its exporters since. */
  public boolean handedSince(long[] marks) {
    for (int i = 0; i < marks.length; i++) {
      if (!queues.get(i).handedSince(marks[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Calls {@code flush} (a span processor's) until every span ended before this call has been handed to its
   * exporters, or {@code deadline} ({@link System#nanoTime()}) passes; returns whether it was, and the flushes
   * succeeded.
   *
   * <p>Why more than one flush: the SDK's batch processor may answer a flush requested just as its worker finishes
   * the previous one with that one's result (the worker completes whichever request is pending when its flush ends),
   * leaving the new spans queued until the next scheduled export, and a shutdown requested in that moment stops the
   * worker with them still queued. The queue counts tell whether the spans went.
   */
  public boolean flushUntilHanded(Supplier<CompletableResultCode> flush, long deadline) {
    long[] marks = mark();
    boolean flushed = true;
    do {
      flushed &= flush.get().join(millisLeft(deadline), TimeUnit.MILLISECONDS).isSuccess();
    } while (!handedSince(marks) && System.nanoTime() < deadline);
    return flushed && handedSince(marks);
  }

  /** The whole milliseconds left until {@code deadline} ({@link System#nanoTime()}); 0 once it has passed. */
  public static long millisLeft(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  /** Opens the account of {@code exporter}, fed by the batch processor behind {@code queue} (null: none). */
  ExporterAccount open(SpanExporter exporter, @Nullable SpanQueue queue) {
    ExporterAccount account =
        new ExporterAccount(owner, destination(exporter), counters, queue, failureLogInterval);
    accounts.add(account);
    return account;
  }

  /**
   * Tries at once to send what every exporter holds for retry; the result succeeds when nothing is left held.
   * The SDK's batch processor flushes its queue but never its exporters, so this is the other half of a flush.
   */
  public CompletableResultCode retryHeld() {
    List<CompletableResultCode> results = new ArrayList<>(accounts.size());
    for (ExporterAccount account : accounts) {
      results.add(account.retryHeld());
    }
    return CompletableResultCode.ofAll(results);
  }

  /**
   * Closes every account, counting what each had not delivered as {@link DropReason#SHUTDOWN}, and logs one
   * WARNING naming the total and each exporter that lost spans, before returning. Later calls count nothing.
   *
   * @return the spans counted now
   */
  public long settle() {
    updateQueueDrops();
    List<ExporterAccount.Loss> losses = new ArrayList<>();
    long total = 0;
    for (ExporterAccount account : accounts) {
      ExporterAccount.Loss loss = account.settle();
      if (loss.total() > 0) {
        losses.add(loss);
        total += loss.total();
      }
    }
    if (total > 0) {
      logger.log(Level.WARNING, "Traceguard [{0}] shut down before {1} spans were delivered, counted as dropped"
          + " (SHUTDOWN): {2}. Dropped so far: {3}", new Object[] {owner, total, losses, counters.totals()});
    }
    return total;
  }

  /**
   * The name of the class {@code description} names in {@link Object#toString()}'s form ({@code com.acme.Audit@1b2c},
   * also what a wrapper describing itself as its delegate gives), without its package: {@code Audit}, {@code Audit}
   * for {@code Beans$Audit}, or {@code Beans$1} for an anonymous class; else {@code exporter}'s simple name.
   */
  private static String className(String description, SpanExporter exporter) {
    Matcher named = DEFAULT_DESCRIPTION.matcher(description);
    if (named.matches()) {
      String binaryName = named.group(1);
      int nested = binaryName.lastIndexOf('$');
      // A nested class by its own name, as getSimpleName gives it; an anonymous one with its enclosing class's.
      return nested < 0 || nested == binaryName.length() - 1
          || Character.isDigit(binaryName.charAt(nested + 1)) ? binaryName : binaryName.substring(nested + 1);
    }
    String simpleName = exporter.getClass().getSimpleName();
    return simpleName.isEmpty() ? exporter.getClass().getName() : simpleName;
  }

  /**
   * The exporter and where it sends, as its description gives the endpoint, without user information, query or
   * fragment, since those may hold credentials.
   */
  static String destination(SpanExporter exporter) {
    String description = String.valueOf(exporter);
    int brace = description.indexOf('{');
    String name = brace > 0 ? description.substring(0, brace) : className(description, exporter);
    Matcher endpoint = ENDPOINT.matcher(description);
    if (!endpoint.find()) {
      return name;
    }
    try {
      URI uri = URI.create(endpoint.group(1));
      if (uri.getScheme() == null || uri.getHost() == null) {
        return name;
      }
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      return uri.getScheme() + "://" + uri.getHost() + port + (uri.getRawPath() == null ? "" : uri.getRawPath())
          + " (" + name + ")";
    } catch (IllegalArgumentException e) {
      return name;
    }
  }
}
