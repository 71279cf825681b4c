package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.core.RequestThreadScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request thread's scope closed when an asynchronous resource method of a CDI bean returns, off Jersey. */
@EnableWeld
class AsyncResourceInterceptorTest {
  private static final Span REQUEST_SPAN = Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736",
      "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));

  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(TestContainers.weld(AsyncResourceInterceptor.class,
      ResourceFailureInterceptor.class, Later.class)).build();

  @Inject Later later;

  @BeforeEach
  void requestFilterRan() {
    // What the server filter does for an unrecorded request: its span made current, the scope kept for the thread.
    RequestThreadScope.open(Context.root().with(REQUEST_SPAN).makeCurrent());
  }

  @AfterEach
  void nextRequest() {
    RequestThreadScope.closeStale();
  }

  @Test
  void stageStillRunning_scopeClosedWhenTheMethodReturns() {
    CompletableFuture<String> pending = new CompletableFuture<>();

    assertThat(later.stage(pending)).isSameAs(pending);

    assertThat(Span.current()).isNotSameAs(REQUEST_SPAN);
    assertThat(RequestThreadScope.current()).isNull();
  }

  @Test
  void stageAlreadyComplete_leftForTheResponseOnThisThread() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("now");

    later.stage(done);

    assertThat(Span.current()).isSameAs(REQUEST_SPAN);
    assertThat(RequestThreadScope.current()).isNotNull();
  }

  @Test
  void minimalStageStillRunning_scopeClosed() {
    CompletionStage<String> minimal = new CompletableFuture<String>().minimalCompletionStage();

    later.stage(minimal);

    assertThat(Span.current()).isNotSameAs(REQUEST_SPAN);
  }

  @Test
  void stageThatCannotTell_treatedAsRunning() {
    // A stage of another library whose toCompletableFuture() is unsupported, as the interface allows.
    @SuppressWarnings("unchecked")
    CompletionStage<String> opaque = (CompletionStage<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {CompletionStage.class}, (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });

    later.stage(opaque);

    assertThat(Span.current()).isNotSameAs(REQUEST_SPAN);
  }

  @Test
  void suspendedResponse_scopeClosedWhenTheMethodReturns() {
    later.suspended(null);

    assertThat(Span.current()).isNotSameAs(REQUEST_SPAN);
    assertThat(RequestThreadScope.current()).isNull();
  }

  @Test
  void synchronousMethodOrThrowingMethod_leftForTheResponseFilter() {
    assertThat(later.now()).isEqualTo("now");
    assertThatThrownBy(() -> later.failingStage()).isInstanceOf(IllegalStateException.class);

    assertThat(Span.current()).isSameAs(REQUEST_SPAN);
  }

  @Test
  void mayAnswerAfterReturning_stageOrAsyncResponseOnly() throws Exception {
    assertThat(ResourceMethods.mayAnswerAfterReturning(
        Later.class.getMethod("stage", CompletionStage.class))).isTrue();
    assertThat(ResourceMethods.mayAnswerAfterReturning(
        Later.class.getMethod("suspended", AsyncResponse.class))).isTrue();
    assertThat(ResourceMethods.mayAnswerAfterReturning(Later.class.getMethod("now"))).isFalse();
  }

  /** A resource class with asynchronous methods and a synchronous one. */
  @Path("/later")
  @ApplicationScoped
  public static class Later {
    @GET
    @Path("stage")
    public CompletionStage<String> stage(CompletionStage<String> stage) {
      return stage;
    }

    @GET
    @Path("suspended")
    public void suspended(@Suspended AsyncResponse response) {
      // resumed later by someone else
    }

    @GET
    @Path("failing")
    public CompletionStage<String> failingStage() {
      throw new IllegalStateException("before any stage");
    }

    @GET
    @Path("now")
    public String now() {
      return "now";
    }
  }
}
