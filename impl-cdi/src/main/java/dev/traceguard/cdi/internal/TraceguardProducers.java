package dev.traceguard.cdi.internal;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.api.Propagator;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * Starts the application's runtime when the application context is initialized, and hands out what it holds.
 *
 * <p>Every product comes from the one runtime the {@link TraceguardExtension} owns. The interfaces ({@code
 * ExceptionTracer}, {@code Propagator}, {@code PiiMasker}) are {@code @ApplicationScoped}: client proxies,
 * passivation capable, created on first use, when the runtime runs. The final classes {@code TracingRuntime} and
 * {@code TracingConfig} cannot be proxied and are {@code @Singleton}: one instance per application as well. The
 * OpenTelemetry types come from {@link OpenTelemetryProducers}.
 *
 * <p>Only static members: the container never creates an instance.
 */
@Dependent
final class TraceguardProducers {

  /** First among the observers of the event, so application observers of it can already trace. */
  static void startRuntime(
      @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object event,
      TraceguardExtension extension) {
    extension.start();
  }

  @Produces
  @Singleton
  static TracingRuntime runtime(TraceguardExtension extension) {
    return extension.runtime();
  }

  @Produces
  @Singleton
  static TracingConfig config(TraceguardExtension extension) {
    return extension.runtime().config();
  }

  @Produces
  @ApplicationScoped
  static ExceptionTracer exceptionTracer(TraceguardExtension extension) {
    return extension.runtime().exceptionTracer();
  }

  @Produces
  @ApplicationScoped
  static Propagator propagator(TraceguardExtension extension) {
    return extension.runtime().propagator();
  }

  @Produces
  @ApplicationScoped
  static PiiMasker piiMasker(TraceguardExtension extension) {
    return extension.runtime().piiMasker();
  }
}
