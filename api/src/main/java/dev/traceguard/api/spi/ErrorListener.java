package dev.traceguard.api.spi;

import dev.traceguard.api.PiiMasker;

/**
 * Told of every failure Traceguard records on a span, to forward it to an error reporter (Sentry, a ticket system, a
 * log of its own) with the trace it belongs to.
 *
 * <p>Found two ways, both in the application's class loader: through {@link java.util.ServiceLoader} (an
 * implementation listed in {@code META-INF/services/dev.traceguard.api.spi.ErrorListener}, with a public
 * no-argument constructor), and, in a CDI application, as every bean of this type. Each instance found is called.
 *
 * <p>Called once per failure, when the entry point it was recorded in (an HTTP request, an outermost {@code @Traced}
 * call) ends, or at once when it was recorded outside any. A throwable recorded several times (on a {@code @Traced}
 * method's span, then on the SERVER span) is reported once, with the span it was first recorded on; an exception
 * wrapping one recorded earlier in the same entry point is reported instead of it. Called on one daemon thread per
 * runtime, never on the request thread, one report at a time, in the order the entry points ended; never called
 * concurrently by one runtime. An implementation may block (send over the network) but delays every later report
 * while it does: reports wait in a bounded queue, and when that is full new ones are dropped and counted. Whatever
 * it throws is caught, counted and logged at most once a minute; it never reaches the request.
 */
@FunctionalInterface
public interface ErrorListener {

  /**
   * Receives one recorded error.
   *
   * @param report the error and its trace context, never null
   */
  void onError(ErrorReport report);

  /**
   * Receives one recorded error with the masker Traceguard applies to every exported span ({@code
   * traceguard.pii.*}; a no-op when masking is off). Traceguard calls this method; a listener that sends texts out
   * of the process (exception messages, breadcrumbs) overrides it and masks them. By default it calls {@link
   * #onError(ErrorReport)}.
   *
   * @param report the error and its trace context, never null
   * @param masker the runtime's masker, never null; thread-safe
   */
  default void onError(ErrorReport report, PiiMasker masker) {
    onError(report);
  }
}
