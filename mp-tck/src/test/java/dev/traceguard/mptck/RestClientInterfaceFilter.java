package dev.traceguard.mptck;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.glassfish.jersey.server.model.ModelProcessor;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.ResourceModel;
import org.jspecify.annotations.Nullable;

/**
 * Takes the methods of interfaces out of a Jersey application's resource model before Jersey validates it. The TCK's
 * MicroProfile Rest Client interfaces carry {@code @Path} and the very paths of the resources they call; with bean
 * discovery "all", Jersey's CDI integration registers every bean class with {@code @Path}, the Rest Client beans'
 * interfaces included (a known Jersey behaviour: eclipse-ee4j/jersey#4331; Payara patches Jersey for it). The model
 * then holds two methods per route and fails validation as ambiguous (the application is unavailable, HTTP 503), or
 * a route is given to the interface, which cannot be instantiated (HTTP 500). An interface is never a resource that
 * can serve a request, so dropping its methods changes nothing else.
 *
 * <p>Registered on every Jersey server runtime through
 * {@code META-INF/services/org.glassfish.jersey.internal.spi.AutoDiscoverable}; public with a public constructor for
 * that {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
@ConstrainedTo(RuntimeType.SERVER)
@Priority(AutoDiscoverable.DEFAULT_PRIORITY)
public final class RestClientInterfaceFilter implements AutoDiscoverable {
  /** Creates the filter; Jersey calls it. */
  public RestClientInterfaceFilter() {
  }

  @Override
  public void configure(FeatureContext context) {
    if (!context.getConfiguration().isRegistered(InterfaceMethodsRemover.class)) {
      context.register(InterfaceMethodsRemover.class);
    }
  }

  /** The model processor itself: rebuilds only the resources that have an interface method. */
  static final class InterfaceMethodsRemover implements ModelProcessor {
    @Override
    public ResourceModel processResourceModel(ResourceModel model, Configuration configuration) {
      ResourceModel.Builder kept = new ResourceModel.Builder(false);
      for (Resource resource : model.getRootResources()) {
        Resource classesOnly = withoutInterfaces(resource);
        if (classesOnly != null) {
          kept.addResource(classesOnly);
        }
      }
      return kept.build();
    }

    @Override
    public ResourceModel processSubResource(ResourceModel model, Configuration configuration) {
      return model;
    }

    private static @Nullable Resource withoutInterfaces(Resource resource) {
      Resource.Builder builder = Resource.builder(resource.getPath()).extended(resource.isExtended());
      boolean serves = false;
      for (ResourceMethod method : resource.getAllMethods()) {
        if (!method.getInvocable().getHandler().getHandlerClass().isInterface()) {
          builder.addMethod(method);
          serves = true;
        }
      }
      for (Resource child : resource.getChildResources()) {
        Resource classesOnly = withoutInterfaces(child);
        if (classesOnly != null) {
          builder.addChildResource(classesOnly);
          serves = true;
        }
      }
      return serves ? builder.build() : null;
    }
  }
}
