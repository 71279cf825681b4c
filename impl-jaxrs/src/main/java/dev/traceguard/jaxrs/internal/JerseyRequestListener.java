package dev.traceguard.jaxrs.internal;

import dev.traceguard.core.RequestThreadScope;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.ResourceModel;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.jspecify.annotations.Nullable;

/**
 * Tells the server filter, through Jersey's request events, the one moment portable JAX-RS hides: when an
 * asynchronous resource method has returned on the request thread, where the SERVER span's scope must be closed
 * while the response goes on elsewhere.
 *
 * <p>Jersey builds an event object for every phase of every request it listens to, so this listener asks for a
 * request's events only when the application can answer asynchronously: when its resource model, read once at
 * start-up, has a suspended, managed-async or {@code CompletionStage} method, or a sub-resource locator (whose
 * resources are only known at run time). A synchronous application's requests cost Jersey nothing. One instance per
 * application; thread-safe. Registered only when Jersey is present.
 */
public final class JerseyRequestListener implements ApplicationEventListener, RequestEventListener {
  private volatile boolean listens = true; // until the model is known, err on the side of closing scopes

  @Override
  public void onEvent(ApplicationEvent event) {
    if (event.getType() == ApplicationEvent.Type.INITIALIZATION_APP_FINISHED) {
      ResourceModel model = event.getResourceModel();
      listens = model == null || mayAnswerAsync(model.getResources());
    }
  }

  @Override
  public @Nullable RequestEventListener onRequest(@Nullable RequestEvent requestEvent) {
    return listens ? this : null;
  }

  @Override
  public void onEvent(RequestEvent event) {
    if (event.getType() != RequestEvent.Type.RESOURCE_METHOD_FINISHED) {
      return;
    }
    boolean async;
    try {
      async = isAsync(event.getUriInfo().getMatchedResourceMethod());
    } catch (RuntimeException e) {
      async = true; // a request whose response finished may be recycled under us: its scope still closes
    }
    // The request thread must not keep the span's context once the response goes on, or is done, elsewhere.
    RequestThreadScope.resourceMethodFinished(async);
  }

  /** Whether any method of these resources or their children is asynchronous or a sub-resource locator. */
  static boolean mayAnswerAsync(List<Resource> resources) {
    for (Resource resource : resources) {
      if (resource.getResourceLocator() != null || mayAnswerAsync(resource.getChildResources())) {
        return true;
      }
      for (ResourceMethod method : resource.getResourceMethods()) {
        if (isAsync(method)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isAsync(@Nullable ResourceMethod method) {
    return method != null
        && (method.isSuspendDeclared()
            || method.isManagedAsyncDeclared()
            || CompletionStage.class.isAssignableFrom(method.getInvocable().getRawResponseType()));
  }
}
