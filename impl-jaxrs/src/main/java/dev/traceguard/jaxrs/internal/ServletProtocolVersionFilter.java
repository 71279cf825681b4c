package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.NETWORK_PROTOCOL_VERSION;
import static dev.traceguard.core.TraceguardAttributes.REQUEST_TRACE;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import org.jspecify.annotations.Nullable;

/**
 * Adds {@code network.protocol.version} to the SERVER span where JAX-RS runs in a Servlet container (every Jakarta EE
 * server), which is the one portable place the HTTP version is known: JAX-RS itself does not expose it. Runs just
 * after {@link ServerTracingFilter}. Registered only when the Servlet API is visible; outside a Servlet request the
 * injected proxy cannot answer, and the attribute is then left out. Never throws.
 *
 * <p>Public with a public no-argument constructor only because the JAX-RS runtime creates it; not an API.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 499)
public final class ServletProtocolVersionFilter implements ContainerRequestFilter {
  // A proxy that the container resolves to the current request, in Servlet deployments.
  @Context private @Nullable HttpServletRequest servletRequest;

  /** Created by the JAX-RS runtime, which injects the Servlet request proxy. */
  public ServletProtocolVersionFilter() {}

  @Override
  public void filter(ContainerRequestContext request) {
    Object trace = request.getProperty(REQUEST_TRACE);
    HttpServletRequest current = servletRequest;
    if (!(trace instanceof ServerRequestTrace) || current == null) {
      return;
    }
    try {
      String version = ProtocolVersions.of(current.getProtocol());
      if (version != null) {
        ((ServerRequestTrace) trace).span.setAttribute(NETWORK_PROTOCOL_VERSION, version);
      }
    } catch (RuntimeException e) {
      // Not a Servlet deployment (the proxy has no request behind it): the version is unknown, nothing else.
    }
  }
}
