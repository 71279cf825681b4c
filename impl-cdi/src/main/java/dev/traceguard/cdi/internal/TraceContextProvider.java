package dev.traceguard.cdi.internal;

import dev.traceguard.core.ServerOpenTelemetry;
import dev.traceguard.core.logging.ThreadContextSnapshot;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.concurrent.spi.ThreadContextProvider;
import jakarta.enterprise.concurrent.spi.ThreadContextRestorer;
import java.util.Map;

/**
 * Jakarta Concurrency's thread context provider for the trace: a task run by a {@code ManagedExecutorService}, a
 * contextual proxy of a {@code ContextService} or an {@code @Asynchronous} method starts with the span and the SLF4J
 * MDC entries current where it was submitted, so its spans are children of the submitter's and its log lines name
 * the same trace.
 *
 * <p>Registered as a service ({@code META-INF/services/jakarta.enterprise.concurrent.spi.ThreadContextProvider}); the
 * server loads it from the application and applies it wherever its context services propagate the context type
 * {@value #TYPE}, which the default ones do as one of the "remaining" types. Why not {@code Context.taskWrapping}:
 * that needs the application to wrap each executor by hand ({@link dev.traceguard.cdi.ContextPropagation}), while the
 * provider reaches every executor and context service of the application without a line of code.
 *
 * <p>Stateless and thread-safe; the container calls it on the submitting thread and the snapshot's {@code begin} on
 * the thread that runs the task.
 */
public final class TraceContextProvider implements ThreadContextProvider {
  /** The thread context type this provider contributes, to name in a {@code ContextServiceDefinition}: {@value}. */
  public static final String TYPE = "Traceguard";

  // traceguard-all-mp on a server without OpenTelemetry: the server still loads this provider, which then carries
  // nothing rather than fail every task with a NoClassDefFoundError.
  private static final boolean MISSING = ServerOpenTelemetry.isMissing(TraceContextProvider.class.getClassLoader());
  private static final jakarta.enterprise.concurrent.spi.ThreadContextSnapshot NOTHING = () -> () -> { };

  /** Creates the provider; the container does, through the service file. */
  public TraceContextProvider() {}

  /**
   * Captures the calling thread's trace context and MDC entries.
   *
   * @param props the context service's execution properties (not used)
   * @return a snapshot that makes them current for a task
   */
  @Override
  public jakarta.enterprise.concurrent.spi.ThreadContextSnapshot currentContext(Map<String, String> props) {
    return MISSING ? NOTHING : snapshotOf(ThreadContextSnapshot.capture());
  }

  /**
   * Returns the snapshot of no trace: the task starts with no current span and no MDC entries.
   *
   * @param props the context service's execution properties (not used)
   * @return a snapshot that clears the trace context for a task
   */
  @Override
  public jakarta.enterprise.concurrent.spi.ThreadContextSnapshot clearedContext(Map<String, String> props) {
    return MISSING ? NOTHING : snapshotOf(ThreadContextSnapshot.cleared());
  }

  /**
   * Returns this provider's context type.
   *
   * @return {@value #TYPE}
   */
  @Override
  public String getThreadContextType() {
    return TYPE;
  }

  private static jakarta.enterprise.concurrent.spi.ThreadContextSnapshot snapshotOf(ThreadContextSnapshot snapshot) {
    return () -> restorerOf(snapshot.begin());
  }

  private static ThreadContextRestorer restorerOf(Scope scope) {
    return new ThreadContextRestorer() {
      private boolean ended;

      @Override
      public void endContext() {
        // The SPI asks for the second call to fail; a container only ever ends a context on the thread that began it.
        if (ended) {
          throw new IllegalStateException("The trace context of this task was already ended");
        }
        ended = true;
        scope.close();
      }
    };
  }
}
