package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.REQUEST_EXCEPTION;

import java.util.concurrent.CompletionStage;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.jspecify.annotations.Nullable;

/**
 * Jersey's request events give the server filter what portable JAX-RS hides: the exception a request failed with,
 * even when the application's own mapper answers it, and the moment an asynchronous resource method returns on the
 * request thread, where the SERVER span's scope must be closed. One stateless instance serves every request.
 * Registered only when Jersey is present.
 */
public final class JerseyRequestListener implements ApplicationEventListener, RequestEventListener {
  private static final String MAPPABLE_EXCEPTION = "org.glassfish.jersey.server.internal.process.MappableException";

  @Override
  public void onEvent(ApplicationEvent event) {}

  @Override
  public RequestEventListener onRequest(RequestEvent requestEvent) {
    return this;
  }

  @Override
  public void onEvent(RequestEvent event) {
    try {
      if (event.getType() == RequestEvent.Type.ON_EXCEPTION) {
        ContainerRequest request = event.getContainerRequest();
        Throwable failure = unwrap(event.getException());
        if (request != null && failure != null && request.getProperty(REQUEST_EXCEPTION) == null) {
          request.setProperty(REQUEST_EXCEPTION, failure);
        }
      } else if (event.getType() == RequestEvent.Type.RESOURCE_METHOD_FINISHED) {
        // The request thread must not keep the span's context once the response goes on, or is done, elsewhere.
        ServerTracingFilter.resourceMethodFinished(isAsync(event));
      }
    } catch (RuntimeException e) {
      // A request whose response already finished may be recycled under us: its scope still closes, never a throw.
      if (event.getType() == RequestEvent.Type.RESOURCE_METHOD_FINISHED) {
        ServerTracingFilter.resourceMethodFinished(true);
      }
    }
  }

  private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
    if (failure != null && failure.getClass().getName().equals(MAPPABLE_EXCEPTION) && failure.getCause() != null) {
      return ServerSpans.unwrap(failure.getCause());
    }
    return failure == null ? null : ServerSpans.unwrap(failure);
  }

  private static boolean isAsync(RequestEvent event) {
    ResourceMethod method = event.getUriInfo().getMatchedResourceMethod();
    return method != null
        && (method.isSuspendDeclared()
            || method.isManagedAsyncDeclared()
            || CompletionStage.class.isAssignableFrom(method.getInvocable().getRawResponseType()));
  }
}
