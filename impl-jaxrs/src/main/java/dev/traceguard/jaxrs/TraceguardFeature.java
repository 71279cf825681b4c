package dev.traceguard.jaxrs;

import static java.util.Objects.requireNonNull;

import dev.traceguard.core.ServerOpenTelemetry;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.internal.ClientTracingFilter;
import dev.traceguard.jaxrs.internal.DefaultRuntime;
import dev.traceguard.jaxrs.internal.JerseyAsyncExecutor;
import dev.traceguard.jaxrs.internal.JerseyClientFailureInterceptor;
import dev.traceguard.jaxrs.internal.JerseyRequestListener;
import dev.traceguard.jaxrs.internal.JerseySupport;
import dev.traceguard.jaxrs.internal.ServerSpanEnricher;
import dev.traceguard.jaxrs.internal.ServerTracingFilter;
import dev.traceguard.jaxrs.internal.ServletProtocolVersionFilter;
import dev.traceguard.jaxrs.internal.ThrowableMapper;
import dev.traceguard.jaxrs.internal.TraceguardExceptionMapper;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.jspecify.annotations.Nullable;

/**
 * Traces a JAX-RS application and its clients: a SERVER span per request, a CLIENT span with W3C context injection
 * per client call, and RFC 9457 {@code application/problem+json} answers for exceptions, carrying the {@code
 * trace_id}.
 *
 * <p>On a server it registers the request/response filter and the exception mappers; on a {@code Client} it
 * registers the client filter. Register it by hand on a Jersey {@code ResourceConfig} or a {@code ClientBuilder},
 * with the application's {@link TracingRuntime}, or without one (or let the server discover it, {@code @Provider}).
 *
 * <p>Without a runtime, the feature takes the application's runtime when it is configured: it asks every {@link
 * dev.traceguard.core.spi.TracingRuntimeProvider} visible to the thread context class loader (else this library's)
 * and uses the first answer. With {@code traceguard-cdi} in the application that is the runtime of the running CDI
 * container, so CDI beans and JAX-RS share one runtime, whose life cycle the container owns. Only when no provider
 * answers (plain JAX-RS, no CDI) does it use one runtime per class loader, configured from system properties and
 * environment variables, started on first use and shut down when the JVM exits. The look-up happens once per
 * configured application or client, never per request.
 *
 * <pre>{@code
 * TracingRuntime runtime = TracingRuntime.create(TracingConfig.from(PropertySource.defaults())).start();
 * ResourceConfig app = new ResourceConfig(UserResource.class).register(new TraceguardFeature(runtime));
 * Client client = ClientBuilder.newClient().register(new TraceguardFeature(runtime));
 * }</pre>
 *
 * <p>With a runtime {@linkplain TracingRuntime#onServer on the server's OpenTelemetry} ({@code traceguard-all-mp})
 * the server's own filters trace requests and client calls; the feature then registers, on a server only, the
 * mappers and {@link ServerSpanEnricher}, which records on the server's SERVER span instead of starting another (on
 * Jersey, with the listeners that hand the request's scope over around the server's, {@link
 * JerseyRequestListener#beforeTheServer}).
 *
 * <p>Thread-safe; one instance may be registered on any number of applications and clients.
 */
@Provider
public final class TraceguardFeature implements Feature {
  private final @Nullable TracingRuntime runtime;

  /**
   * Creates the feature over the application's runtime as found when it is configured: a {@link
   * dev.traceguard.core.spi.TracingRuntimeProvider}'s (the CDI container's, with {@code traceguard-cdi}), else one
   * per class loader configured from system properties and environment variables.
   */
  public TraceguardFeature() {
    this.runtime = null;
  }

  /** Creates the feature over the application's runtime, whose life cycle the caller owns. */
  public TraceguardFeature(TracingRuntime runtime) {
    this.runtime = requireNonNull(runtime, "runtime");
  }

  /**
   * Registers, once per configurable, the filters (and, on a server, the problem+json exception mappers). With
   * tracing disabled ({@code otel.sdk.disabled=true}) it registers only the mappers, so that errors are still
   * answered as problem+json (without {@code trace_id}) and requests pay nothing for tracing.
   *
   * @return true when it registered them, false when they were registered already or when this is {@code
   *     traceguard-all-mp} on a server that gives the application no OpenTelemetry SDK
   * @throws dev.traceguard.api.TraceguardConfigurationException if this feature has no runtime, no provider answers
   *     and the configuration from system properties and environment variables is invalid
   */
  @Override
  public boolean configure(FeatureContext context) {
    if (ServerOpenTelemetry.isMissing(TraceguardFeature.class.getClassLoader())) {
      return false; // traceguard-all-mp on a server without OpenTelemetry: its CDI extension says so, once
    }
    Configuration configuration = context.getConfiguration();
    if (configuration.isRegistered(TraceguardExceptionMapper.class)
        || configuration.isRegistered(ServerTracingFilter.class)
        || configuration.isRegistered(ClientTracingFilter.class)) {
      return false;
    }
    TracingRuntime tracing = runtime != null ? runtime : DefaultRuntime.get();
    // Disabled tracing registers no filter at all: a registered filter costs every request JAX-RS's filter chain.
    boolean enabled = tracing.config().isEnabled();
    if (tracing.usesServerOpenTelemetry()) {
      // The server's own filters start the spans and carry the context; Traceguard joins the server's SERVER span.
      if (configuration.getRuntimeType() == RuntimeType.SERVER) {
        context.register(new TraceguardExceptionMapper(tracing));
        context.register(new ThrowableMapper(tracing));
        context.register(new ServerSpanEnricher(tracing), ServerSpanEnricher.PRIORITY);
        if (JerseySupport.SERVER_EVENTS) {
          context.register(JerseyRequestListener.beforeTheServer(), JerseyRequestListener.BEFORE_THE_SERVER);
          context.register(JerseyRequestListener.afterTheServer(), JerseyRequestListener.AFTER_THE_SERVER);
        }
      }
      return true;
    }
    if (configuration.getRuntimeType() == RuntimeType.SERVER) {
      context.register(new TraceguardExceptionMapper(tracing));
      context.register(new ThrowableMapper(tracing));
      if (enabled) {
        context.register(new ServerTracingFilter(tracing));
        if (JerseySupport.SERVER_EVENTS) {
          context.register(new JerseyRequestListener());
        }
        if (JerseySupport.SERVLET) {
          context.register(ServletProtocolVersionFilter.class);
        }
        if (JerseySupport.isResteasy(configuration)) {
          context.register(new ClientTracingFilter(tracing));
        }
      }
    } else if (enabled) {
      context.register(new ClientTracingFilter(tracing));
      if (JerseySupport.CLIENT_INTERCEPTOR) {
        context.register(new JerseyClientFailureInterceptor(tracing));
        if (!JerseySupport.hasAsyncExecutor(configuration)) {
          context.register(new JerseyAsyncExecutor());
        }
      }
    }
    return true;
  }
}
