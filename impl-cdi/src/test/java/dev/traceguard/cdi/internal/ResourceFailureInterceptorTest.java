package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.spi.ErrorReport;
import dev.traceguard.core.ErrorScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** Exceptions of JAX-RS resource methods noted as their request's failure, whatever answers them. */
@EnableWeld
@SuppressWarnings("try") // scopes are opened for their effect on Context.current()
class ResourceFailureInterceptorTest {
  static final IllegalStateException REFUSED = new IllegalStateException("refused");

  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(TestContainers.weld(ResourceFailureInterceptor.class, Orders.class,
      Helper.class, FinalResource.class)).build();

  @Inject Orders orders;
  @Inject Helper helper;
  @Inject FinalResource finalResource;

  @Test
  void resourceMethod_throwsInARequest_theSameInstanceRethrownAndNotedAsTheRequestsFailure() {
    ErrorScope request = ErrorScope.create();

    try (Scope scope = request.storeIn(Context.root()).makeCurrent()) {
      assertThatThrownBy(() -> orders.find()).isSameAs(REFUSED);
    }

    assertThat(request.failure()).isSameAs(REFUSED);
  }

  @Test
  void resourceMethod_throwsInAnUnrecordedRequest_reportedOnceToTheErrorListeners() throws Exception {
    WeldContainer container = TestContainers.weld(ResourceFailureInterceptor.class, Orders.class,
        CorrelationTest.ReportingBean.class).initialize();
    try {
      CorrelationTest.ReportingBean listener = container.select(CorrelationTest.ReportingBean.class).get();
      Span unsampled = Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
          TraceFlags.getDefault(), TraceState.getDefault()));

      try (Scope scope = Context.root().with(unsampled).makeCurrent()) {
        assertThatThrownBy(() -> container.select(Orders.class).get().find()).isSameAs(REFUSED);
      }

      ErrorReport report = listener.next(5000);
      assertThat(report).isNotNull();
      assertThat(report.error()).isSameAs(REFUSED);
      assertThat(report.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(report.sampled()).isFalse();
      assertThat(listener.next(200)).isNull();
    } finally {
      container.shutdown();
    }
  }

  @Test
  void resourceMethod_throwsOutsideAnyRequest_justRethrown() {
    assertThatThrownBy(() -> orders.find()).isSameAs(REFUSED);
  }

  @Test
  void resourceMethod_returns_nothingNoted() {
    ErrorScope request = ErrorScope.create();

    try (Scope scope = request.storeIn(Context.root()).makeCurrent()) {
      assertThat(orders.count()).isEqualTo(3);
    }

    assertThat(request.failure()).isNull();
  }

  @Test
  void notAResourceMethod_throws_nothingNoted() {
    ErrorScope request = ErrorScope.create();

    try (Scope scope = request.storeIn(Context.root()).makeCurrent()) {
      assertThatThrownBy(() -> orders.helper()).isSameAs(REFUSED);
      assertThatThrownBy(() -> helper.find()).isSameAs(REFUSED);
    }

    assertThat(request.failure()).isNull();
  }

  @Test
  void finalResourceClass_deploysUnbound_nothingNoted() {
    ErrorScope request = ErrorScope.create();

    try (Scope scope = request.storeIn(Context.root()).makeCurrent()) {
      assertThatThrownBy(() -> finalResource.find()).isSameAs(REFUSED);
    }

    assertThat(request.failure()).isNull();
  }

  @Test
  void isResourceMethod_byDesignatorOrPath() throws Exception {
    assertThat(ResourceMethods.isResourceMethod(annotated(Orders.class, "find"))).isTrue();
    assertThat(ResourceMethods.isResourceMethod(annotated(Orders.class, "count"))).isTrue();
    assertThat(ResourceMethods.isResourceMethod(annotated(Orders.class, "helper"))).isFalse();
  }

  private jakarta.enterprise.inject.spi.AnnotatedMethod<?> annotated(Class<?> type, String name) {
    return weld.getBeanManager().createAnnotatedType(type).getMethods().stream()
        .filter(method -> method.getJavaMember().getName().equals(name)).findFirst().orElseThrow();
  }

  /** A resource class: {@code find} by its designator, {@code count} by its sub-resource path. */
  @Path("/orders")
  @ApplicationScoped
  public static class Orders {
    @GET
    public String find() {
      throw REFUSED;
    }

    @Path("count")
    public int count() {
      return 3;
    }

    public String helper() {
      throw REFUSED;
    }
  }

  /** A bean with a method named like a resource method, in a class that is no resource. */
  @ApplicationScoped
  public static class Helper {
    @GET
    public String find() {
      throw REFUSED;
    }
  }

  /** A final resource class: binding an interceptor would make its deployment fail. */
  @Path("/final")
  @Dependent
  public static final class FinalResource {
    @GET
    public String find() {
      throw REFUSED;
    }
  }
}
