package dev.traceguard.jaxrs.internal;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;
import org.jspecify.annotations.Nullable;

/**
 * What Jersey's {@link ExtendedUriInfo} knows and portable JAX-RS hides: the route of a request matched through
 * sub-resource locators, which the resource method's own annotations do not show (Jersey's matched templates, joined
 * from the application root), and the exception a mapper turned into the response. Loaded only when Jersey is
 * present.
 */
final class JerseyRoutes {
  private JerseyRoutes() {}

  /** Returns the joined templates when locators were matched, null otherwise (the annotations then suffice). */
  static @Nullable String locatorRoute(ContainerRequestContext request, String basePath) {
    UriInfo info = request.getUriInfo();
    if (!(info instanceof ExtendedUriInfo)) {
      return null;
    }
    ExtendedUriInfo extended = (ExtendedUriInfo) info;
    if (extended.getMatchedResourceLocators().isEmpty()) {
      return null;
    }
    // Jersey lists the templates innermost first.
    List<UriTemplate> templates = extended.getMatchedTemplates();
    String[] parts = new String[templates.size() + 1];
    parts[0] = basePath;
    for (int i = 0; i < templates.size(); i++) {
      parts[i + 1] = templates.get(templates.size() - 1 - i).getTemplate();
    }
    return Routes.join(parts);
  }

  /**
   * Returns the exception that an exception mapper (the application's or Traceguard's) or a {@code
   * WebApplicationException}'s own response answered, or null when the request did not fail or this is not Jersey.
   */
  static @Nullable Throwable mappedThrowable(ContainerRequestContext request) {
    UriInfo info = request.getUriInfo();
    return info instanceof ExtendedUriInfo ? ((ExtendedUriInfo) info).getMappedThrowable() : null;
  }
}
