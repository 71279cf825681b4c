package dev.traceguard.jaxrs.internal;

import static dev.traceguard.core.TraceguardAttributes.REQUEST_TRACE;

import dev.traceguard.core.RequestThreadScope;
import jakarta.ws.rs.Priorities;
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
 * resources are only known at run time). A synchronous application's requests cost Jersey nothing. On the server's
 * OpenTelemetry two other instances hand the request's scope over around the server's own listener ({@link
 * #beforeTheServer}). One instance per application and role; thread-safe. Registered only when Jersey is present.
 */
public final class JerseyRequestListener implements ApplicationEventListener, RequestEventListener {
  /** Where {@link #beforeTheServer} is registered: before a server's own instrumentation (default priority). */
  public static final int BEFORE_THE_SERVER = 100;
  /** Where {@link #afterTheServer} is registered: after a server's own instrumentation. */
  public static final int AFTER_THE_SERVER = Priorities.USER + 10_000;

  /** What the listener does when a resource method returns. */
  private enum Role {
    /** Traceguard traces the request: closes an asynchronous request's scope. */
    OWN,
    /** On the server's OpenTelemetry, before the server's listener: closes every request's scope. */
    BEFORE_THE_SERVER
  }

  private final Role role;
  private volatile boolean listens = true; // until the model is known, err on the side of closing scopes

  /** Creates the listener of an application Traceguard traces itself. */
  public JerseyRequestListener() {
    this(Role.OWN);
  }

  private JerseyRequestListener(Role role) {
    this.role = role;
  }

  /**
   * Returns the first of the two listeners of an application on the server's OpenTelemetry ({@link
   * ServerSpanEnricher}), registered at {@link #BEFORE_THE_SERVER}: when the resource method returns it closes the
   * request's scope, whatever the method, so it listens to every request. The second is {@link #afterTheServer}.
   *
   * <p>Why two: a server whose instrumentation listens to Jersey's events closes its own scope when the resource
   * method returns, before the exception mappers and response filters run (Payara does). OpenTelemetry ignores the
   * closing of a scope that is not the current one, so with Traceguard's scope still open on top the server's close
   * would do nothing, and closing Traceguard's later would leave the server's context current on the thread for
   * good. Jersey calls the listeners in ascending order of priority: this one closes Traceguard's scope, the
   * server's then closes its own, and {@link #afterTheServer} makes the request's context current again for the
   * mappers (the problem's {@code trace_id}) and the response filter, whose scope then restores the thread's context
   * from before the request.
   */
  public static JerseyRequestListener beforeTheServer() {
    return new JerseyRequestListener(Role.BEFORE_THE_SERVER);
  }

  /**
   * Returns the second listener of an application on the server's OpenTelemetry; see {@link #beforeTheServer}. A
   * class of its own: Jersey registers one instance per class.
   */
  public static AfterTheServer afterTheServer() {
    return new AfterTheServer();
  }

  @Override
  public void onEvent(ApplicationEvent event) {
    if (event.getType() == ApplicationEvent.Type.INITIALIZATION_APP_FINISHED) {
      ResourceModel model = event.getResourceModel();
      listens = role != Role.OWN || model == null || mayAnswerAsync(model.getResources());
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
    if (role == Role.BEFORE_THE_SERVER && !async) {
      RequestThreadScope.closeStale(); // closed now, before the server closes its own; afterTheServer reopens it
    } else {
      // The request thread must not keep the span's context once the response goes on, or is done, elsewhere.
      RequestThreadScope.resourceMethodFinished(async);
    }
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

  /**
   * On the server's OpenTelemetry, after the server's own listener: when a synchronous resource method has returned,
   * makes the request's context current again on its thread ({@link ServerSpanEnricher#reopen}). Listens to every
   * request. Thread-safe.
   */
  public static final class AfterTheServer implements ApplicationEventListener, RequestEventListener {
    private AfterTheServer() {}

    @Override
    public void onEvent(ApplicationEvent event) {}

    @Override
    public RequestEventListener onRequest(@Nullable RequestEvent requestEvent) {
      return this;
    }

    @Override
    public void onEvent(RequestEvent event) {
      if (event.getType() != RequestEvent.Type.RESOURCE_METHOD_FINISHED) {
        return;
      }
      try {
        if (!isAsync(event.getUriInfo().getMatchedResourceMethod())) {
          ServerSpanEnricher.reopen(event.getContainerRequest().getProperty(REQUEST_TRACE));
        }
      } catch (RuntimeException e) {
        // A request whose response finished may be recycled under us: nothing to make current then.
      }
    }
  }
}
