package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.internal.JerseyRequestListener;
import dev.traceguard.jaxrs.internal.ServerTracingFilter;
import dev.traceguard.jaxrs.internal.ThrowableMapper;
import dev.traceguard.jaxrs.internal.TraceguardExceptionMapper;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** With tracing disabled the feature stays registered and does nothing visible; errors still answer problem+json. */
class DisabledTracingTest extends LoopbackJerseyTest {

  @Override
  protected Application configure() {
    useFreePort();
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.disabled()).start();
    return new ResourceConfig(TestResources.UserResource.class).register(new TraceguardFeature(runtime));
  }

  @Test
  void get_disabled_answersWithoutTraceresponse() {
    Response response = target("users/1").request().header("traceparent",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").get();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeaderString("traceresponse")).isNull();
  }

  @Test
  void get_disabledAndFailing_problemJsonWithoutTraceId() {
    Response response = target("users/5000").request().get();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.readEntity(String.class)).isEqualTo("{\"type\":\"about:blank\",\"title\":\"User not found\","
        + "\"status\":404,\"detail\":\"No such user\",\"instance\":\"/users/5000\",\"error_code\":1001,"
        + "\"error_domain\":\"USER\"}");
  }

  @Test
  void configure_disabled_registersTheMappersAndNoFilter() {
    TracingRuntime runtime = TracingRuntime.create(TracingConfig.disabled()).start();
    Configuration app = new ApplicationHandler(new ResourceConfig(TestResources.UserResource.class)
        .register(new TraceguardFeature(runtime))).getConfiguration();

    assertThat(app.isRegistered(TraceguardExceptionMapper.class)).isTrue();
    assertThat(app.isRegistered(ThrowableMapper.class)).isTrue();
    assertThat(app.isRegistered(ServerTracingFilter.class)).isFalse();
    assertThat(app.isRegistered(JerseyRequestListener.class)).isFalse();
  }
}
