package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.glassfish.jersey.test.DeploymentContext;
import org.glassfish.jersey.test.ServletDeploymentContext;
import org.glassfish.jersey.test.grizzly.GrizzlyWebTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feature in a Servlet deployment, as in every Jakarta EE server: Jersey's {@code ServletContainer} on Grizzly's
 * Servlet container, over real HTTP on 127.0.0.1, under a context path and a servlet path as a WAR is deployed. The
 * Servlet request tells the HTTP version.
 */
class ServletDeploymentTest extends LoopbackJerseyTest {
  private InMemorySpanExporter exporter;
  private TracingRuntime runtime;

  @Override
  protected TestContainerFactory getTestContainerFactory() {
    return new GrizzlyWebTestContainerFactory();
  }

  @Override
  protected DeploymentContext configureDeployment() {
    useFreePort();
    exporter = InMemorySpanExporter.create();
    runtime = TracingRuntime.create(TracingConfig.builder().setServiceName("servlet-test").setExporters(List.of())
        .setScheduleDelay(Duration.ofMillis(20)).build(), List.of(exporter)).start();
    ResourceConfig application = new ResourceConfig(TestResources.UserResource.class,
        TestResources.HealthResource.class).register(new TraceguardFeature(runtime));
    return ServletDeploymentContext.forServlet(new ServletContainer(application)).contextPath("/shop")
        .servletPath("/api").build();
  }

  @AfterEach
  void stopRuntime() {
    runtime.close();
  }

  @Test
  void get_servletDeployment_serverSpanCarriesTheHttpVersion() {
    Response response = target("users/7").request().get();

    assertThat(response.getStatus()).isEqualTo(200);
    SpanData span = await().atMost(Duration.ofSeconds(10)).until(exporter::getFinishedSpanItems,
        spans -> !spans.isEmpty()).get(0);
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getName()).isEqualTo("GET /shop/api/users/{id}");
    assertThat(span.getAttributes().get(TraceguardAttributes.HTTP_ROUTE)).isEqualTo("/shop/api/users/{id}");
    assertThat(span.getAttributes().get(TraceguardAttributes.URL_PATH)).isEqualTo("/shop/api/users/7");
    assertThat(span.getAttributes().get(TraceguardAttributes.NETWORK_PROTOCOL_VERSION)).isEqualTo("1.1");
  }

  @Test
  void get_skippedPathUnderContextAndServletPath_answeredUntraced() {
    Response response = target("health").request().get();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeaderString("traceresponse")).isNull();
    runtime.forceFlush(Duration.ofSeconds(5));
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }
}
