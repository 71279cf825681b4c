package dev.traceguard.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.junit.jupiter.api.Test;

/** Jersey's per-phase request events are asked for only when the application can answer asynchronously. */
class JerseyRequestListenerTest {

  @Path("/sync")
  public static class SyncResource {
    @GET
    public String get() {
      return "sync";
    }

    @GET
    @Path("/{id}")
    public String child(@jakarta.ws.rs.PathParam("id") String id) {
      return id;
    }
  }

  @Path("/suspended")
  public static class SuspendedResource {
    @GET
    public void get(@Suspended AsyncResponse response) {
      response.resume("later");
    }
  }

  @Path("/stage")
  public static class StageResource {
    @GET
    @Path("/child")
    public CompletionStage<String> get() {
      return CompletableFuture.completedFuture("later");
    }
  }

  @Path("/locator")
  public static class LocatorResource {
    @Path("/sub")
    public SyncResource sub() {
      return new SyncResource();
    }
  }

  @Test
  void mayAnswerAsync_onlySynchronousMethods_false() {
    assertThat(JerseyRequestListener.mayAnswerAsync(List.of(Resource.from(SyncResource.class)))).isFalse();
  }

  @Test
  void mayAnswerAsync_suspendedMethod_true() {
    assertThat(JerseyRequestListener.mayAnswerAsync(
        List.of(Resource.from(SyncResource.class), Resource.from(SuspendedResource.class)))).isTrue();
  }

  @Test
  void mayAnswerAsync_completionStageInChildResource_true() {
    assertThat(JerseyRequestListener.mayAnswerAsync(List.of(Resource.from(StageResource.class)))).isTrue();
  }

  @Test
  void mayAnswerAsync_subResourceLocator_true() {
    assertThat(JerseyRequestListener.mayAnswerAsync(List.of(Resource.from(LocatorResource.class)))).isTrue();
  }

  @Test
  void onRequest_synchronousApplication_listensToNoRequest() {
    JerseyRequestListener listener = new JerseyRequestListener();
    new ApplicationHandler(new ResourceConfig(SyncResource.class).register(listener));

    assertThat(listener.onRequest(null)).isNull();
  }

  @Test
  void onRequest_applicationWithAsyncMethod_listensToEveryRequest() {
    JerseyRequestListener listener = new JerseyRequestListener();
    new ApplicationHandler(new ResourceConfig(SyncResource.class, SuspendedResource.class).register(listener));

    assertThat(listener.onRequest(null)).isSameAs(listener);
  }
}
