package dev.traceguard.jaxrs.internal;

import dev.traceguard.api.PropertySource;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;

/**
 * The runtime of a discovered {@code TraceguardFeature}: configured from system properties and environment
 * variables on first use, shut down (flushing its queue) when the JVM exits. Invalid configuration fails the
 * first request's deployment step, not a request.
 */
public final class DefaultRuntime {
  private DefaultRuntime() {}

  /** Returns the class loader's runtime, creating and starting it on the first call. */
  public static TracingRuntime get() {
    return Holder.RUNTIME;
  }

  private static final class Holder {
    static final TracingRuntime RUNTIME = start();

    private static TracingRuntime start() {
      TracingRuntime runtime = TracingRuntime.create(TracingConfig.from(PropertySource.defaults())).start();
      Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "traceguard-shutdown"));
      return runtime;
    }
  }
}
