package dev.traceguard.jaxrs.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.eclipse.microprofile.rest.client.ext.AsyncInvocationInterceptor;
import org.eclipse.microprofile.rest.client.ext.AsyncInvocationInterceptorFactory;
import org.eclipse.microprofile.rest.client.spi.RestClientListener;
import org.jspecify.annotations.Nullable;

/**
 * Carries the caller's context to the thread on which MicroProfile Rest Client runs an asynchronous method (one
 * returning a {@code CompletionStage}), with the specification's own hook: a {@link RestClientListener} (a service)
 * registers an {@link AsyncInvocationInterceptorFactory} on every Rest Client, whose interceptor takes the context
 * current on the calling thread and makes it current on the executor's thread while the call runs there. Without
 * it the CLIENT span would start a new trace and send no baggage. Only loaded where the Rest Client API is present.
 *
 * <p>Public with a public no-argument constructor only because the service loader needs them; not an API.
 * Thread-safe; each interceptor serves one call.
 */
public final class RestClientContext implements RestClientListener, AsyncInvocationInterceptorFactory {

  /** Created by the service loader. */
  public RestClientContext() {}

  @Override
  public void onNewClient(Class<?> serviceInterface, RestClientBuilder builder) {
    builder.register(this);
  }

  @Override
  public AsyncInvocationInterceptor newInterceptor() {
    return new Interceptor();
  }

  /** One call's hand-over: taken on the calling thread, applied and removed on the executor's. */
  static final class Interceptor implements AsyncInvocationInterceptor {
    private Context caller = Context.root();
    private @Nullable Scope scope;

    @Override
    public void prepareContext() {
      caller = Context.current();
    }

    @Override
    public void applyContext() {
      scope = caller.makeCurrent();
    }

    @Override
    public void removeContext() {
      Scope current = scope;
      scope = null;
      if (current != null) {
        current.close();
      }
    }
  }
}
