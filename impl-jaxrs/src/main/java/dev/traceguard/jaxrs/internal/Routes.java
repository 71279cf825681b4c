package dev.traceguard.jaxrs.internal;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Computes {@code http.route}: the application's base path joined with the class's and the method's {@code @Path}
 * templates, found on the class, its superclasses or its interfaces. Computed once per resource method and cached,
 * so a request costs one map lookup. Thread-safe.
 */
final class Routes {
  private final Map<Method, String> templates = new ConcurrentHashMap<>();
  // Keyed by the matched resources' classes (current first) and the method; "" when the chain has no route.
  private final Map<List<Object>, String> locatorRoutes = new ConcurrentHashMap<>();

  /**
   * Returns the route of the request's matched resource method, or null when nothing matched (the span then keeps
   * the method alone as its name). Jersey's {@code UriInfo} is also the request's {@code ResourceInfo}, read directly
   * because the injected proxy {@code resourceInfo} costs a look-up per call; elsewhere the proxy is asked.
   */
  @Nullable String of(ContainerRequestContext request, @Nullable ResourceInfo resourceInfo) {
    ResourceInfo info = request.getUriInfo() instanceof ResourceInfo ? (ResourceInfo) request.getUriInfo()
        : resourceInfo;
    Method method = info == null ? null : info.getResourceMethod();
    if (method == null) {
      return null;
    }
    String basePath = request.getUriInfo().getBaseUri().getRawPath();
    String locatorRoute = JerseySupport.EXTENDED_URI_INFO
        ? JerseyRoutes.locatorRoute(request, basePath)
        : locatorRoute(basePath, request.getUriInfo().getMatchedResources(), method);
    return locatorRoute != null ? locatorRoute : route(basePath, info.getResourceClass(), method);
  }

  /**
   * Returns the route of a matched resource method under {@code basePath} (the application's root path, such as
   * {@code /} or {@code /app/api/}).
   */
  String route(String basePath, Class<?> resourceClass, Method method) {
    String cached = templates.get(method);
    if (cached != null) {
      return cached;
    }
    String route = join(basePath, template(resourceClass), template(method));
    templates.putIfAbsent(method, route);
    return route;
  }

  /**
   * Returns the route of a request matched through sub-resource locators, from JAX-RS's own list of the matched
   * resource instances ({@code UriInfo.getMatchedResources()}: the current one first, the root resource last), or
   * null when there were no locators or a step is ambiguous. Each step's template is the {@code @Path} of the one
   * locator method of the parent's class (a public method with {@code @Path} and no HTTP method designator) whose
   * return type the child's class is assignable to; a parent with two such locators leaves the route to {@link
   * #route}. Why not JAX-RS: it tells the matched URIs (values), never the templates; Jersey does
   * ({@link JerseyRoutes}), other implementations use this. Computed once per chain of classes and method.
   */
  @Nullable String locatorRoute(String basePath, List<Object> matchedResources, Method method) {
    if (matchedResources.size() < 2) {
      return null;
    }
    List<Object> key = new ArrayList<>(matchedResources.size() + 1);
    for (Object resource : matchedResources) {
      key.add(resource.getClass());
    }
    key.add(method);
    String cached = locatorRoutes.get(key);
    if (cached != null) {
      return cached.isEmpty() ? null : cached;
    }
    String route = chainRoute(basePath, matchedResources, method);
    locatorRoutes.putIfAbsent(key, route == null ? "" : route);
    return route;
  }

  private static @Nullable String chainRoute(String basePath, List<Object> matchedResources, Method method) {
    int last = matchedResources.size() - 1;
    String[] parts = new String[matchedResources.size() + 2];
    parts[0] = basePath;
    parts[1] = template(matchedResources.get(last).getClass());
    for (int i = last; i > 0; i--) {
      Method locator = locator(userClass(matchedResources.get(i).getClass()), matchedResources.get(i - 1).getClass());
      if (locator == null) {
        return null;
      }
      parts[last - i + 2] = template(locator);
    }
    parts[parts.length - 1] = template(method);
    return join(parts);
  }

  /**
   * The application's class of a resource instance: a CDI container hands out proxies and subclasses of it (Weld's
   * names hold {@code $$}), whose overriding methods carry no annotations.
   */
  private static Class<?> userClass(Class<?> type) {
    Class<?> c = type;
    while (c.getName().contains("$$") && c.getSuperclass() != null && c.getSuperclass() != Object.class) {
      c = c.getSuperclass();
    }
    return c;
  }

  /** The one locator method of {@code parent} that can return a {@code child}, or null when none or several can. */
  private static @Nullable Method locator(Class<?> parent, Class<?> child) {
    Method found = null;
    for (Method candidate : parent.getMethods()) {
      if (candidate.getAnnotation(Path.class) != null && !hasHttpMethod(candidate)
          && candidate.getReturnType().isAssignableFrom(child)) {
        if (found != null) {
          return null;
        }
        found = candidate;
      }
    }
    return found;
  }

  private static boolean hasHttpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
        return true;
      }
    }
    return false;
  }

  static String join(String... parts) {
    StringBuilder route = new StringBuilder();
    for (String part : parts) {
      for (String segment : part.split("/")) {
        if (!segment.isEmpty()) {
          route.append('/').append(segment);
        }
      }
    }
    return route.length() == 0 ? "/" : route.toString();
  }

  private static String template(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Path path = c.getAnnotation(Path.class);
      if (path != null) {
        return path.value();
      }
      for (Class<?> contract : c.getInterfaces()) {
        Path declared = contract.getAnnotation(Path.class);
        if (declared != null) {
          return declared.value();
        }
      }
    }
    return "";
  }

  private static String template(Method method) {
    Path path = method.getAnnotation(Path.class);
    if (path != null) {
      return path.value();
    }
    for (Method inherited : overridden(method)) {
      Path declared = inherited.getAnnotation(Path.class);
      if (declared != null) {
        return declared.value();
      }
    }
    return "";
  }

  /** The methods {@code method} overrides or implements, nearest first, so interface-declared paths are found. */
  private static List<Method> overridden(Method method) {
    List<Method> found = new ArrayList<>();
    List<Class<?>> types = new ArrayList<>();
    for (Class<?> c = method.getDeclaringClass(); c != null; c = c.getSuperclass()) {
      if (c != method.getDeclaringClass()) {
        types.add(c);
      }
      types.addAll(List.of(c.getInterfaces()));
    }
    for (Class<?> type : types) {
      @Nullable Method candidate = find(type, method);
      if (candidate != null) {
        found.add(candidate);
      }
    }
    return found;
  }

  private static @Nullable Method find(Class<?> type, Method method) {
    try {
      return type.getDeclaredMethod(method.getName(), method.getParameterTypes());
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
