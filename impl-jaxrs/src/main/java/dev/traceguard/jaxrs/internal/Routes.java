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
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Computes {@code http.route}: the application's base path joined with the class's and the method's {@code @Path}
 * templates, found on the class, its superclasses or its interfaces. Computed once per resource method and cached,
 * so a request costs one map lookup. Thread-safe.
 */
final class Routes {
  private final Map<Method, String> templates = new ConcurrentHashMap<>();
  // Keyed by the matched resources' classes (current first) and the method; "" when the chain has no route, BY_URI
  // when a step has several locators that can return the child, so that the matched URIs choose, request by request.
  private final Map<List<Object>, String> locatorRoutes = new ConcurrentHashMap<>();
  private static final String BY_URI = "\0by matched URI"; // never a route: routes start with '/'

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
    String locatorRoute;
    if (JerseySupport.EXTENDED_URI_INFO) {
      locatorRoute = JerseyRoutes.locatorRoute(request, basePath);
    } else {
      List<Object> matched = request.getUriInfo().getMatchedResources();
      // The URIs' supplier only for a chain of locators, so that a plain request allocates nothing for it.
      locatorRoute = matched.size() < 2 ? null
          : locatorRoute(basePath, matched, method, () -> request.getUriInfo().getMatchedURIs());
    }
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
   * null when there were no locators or a step cannot be told. Each step's template is the {@code @Path} of the
   * locator method of the parent's class (a public method with {@code @Path} and no HTTP method designator) whose
   * return type the child's class is assignable to. When the parent has several such locators, the one whose
   * template matches what the step added to the matched URI ({@code matchedUris}, {@code UriInfo.getMatchedURIs()}:
   * also current first) is the step's; when none or several do, the route is left to {@link #route}. Why not JAX-RS:
   * it tells the matched URIs (values), never the templates; Jersey does ({@link JerseyRoutes}), other
   * implementations use this. Computed once per chain of classes and method, except for chains with such a choice,
   * whose URIs are read on every request.
   */
  @Nullable String locatorRoute(String basePath, List<Object> matchedResources, Method method,
      Supplier<List<String>> matchedUris) {
    if (matchedResources.size() < 2) {
      return null;
    }
    List<Object> key = new ArrayList<>(matchedResources.size() + 1);
    for (Object resource : matchedResources) {
      key.add(resource.getClass());
    }
    key.add(method);
    String cached = locatorRoutes.get(key);
    if (cached == null) {
      String route = chainRoute(basePath, matchedResources, method, null);
      cached = route == null ? "" : route;
      locatorRoutes.putIfAbsent(key, cached);
    }
    if (cached.equals(BY_URI)) {
      return chainRoute(basePath, matchedResources, method, matchedUris.get());
    }
    return cached.isEmpty() ? null : cached;
  }

  /**
   * The chain's route; {@link #BY_URI} when {@code uris} is null and a step has several locators to choose from;
   * null when a step has none, or (with {@code uris}) none or several that match the step's URI.
   */
  private static @Nullable String chainRoute(String basePath, List<Object> matchedResources, Method method,
      @Nullable List<String> uris) {
    int last = matchedResources.size() - 1;
    if (uris != null && uris.size() < matchedResources.size()) {
      return null;
    }
    String[] parts = new String[matchedResources.size() + 2];
    parts[0] = basePath;
    parts[1] = template(matchedResources.get(last).getClass());
    for (int i = last; i > 0; i--) {
      List<Method> locators =
          locators(userClass(matchedResources.get(i).getClass()), matchedResources.get(i - 1).getClass());
      if (locators.size() > 1) {
        if (uris == null) {
          return BY_URI;
        }
        // The root's URI is the last; each locator added the next one towards the front.
        int step = last - i + 1;
        locators = matching(locators, uris.get(uris.size() - step), uris.get(uris.size() - step - 1));
      }
      if (locators.size() != 1) {
        return null;
      }
      parts[last - i + 2] = template(locators.get(0));
    }
    parts[parts.length - 1] = template(method);
    return join(parts);
  }

  /** The locators whose template matches what {@code childUri} adds to {@code parentUri}. */
  private static List<Method> matching(List<Method> locators, String parentUri, String childUri) {
    if (!childUri.startsWith(parentUri)) {
      return List.of();
    }
    String added = trimSlashes(childUri.substring(parentUri.length()));
    List<Method> matching = new ArrayList<>(1);
    for (Method locator : locators) {
      if (PathTemplates.pattern(trimSlashes(template(locator))).matcher(added).matches()) {
        matching.add(locator);
      }
    }
    return matching;
  }

  private static String trimSlashes(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
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

  /** The locator methods of {@code parent} that can return a {@code child}. */
  private static List<Method> locators(Class<?> parent, Class<?> child) {
    List<Method> found = new ArrayList<>(1);
    for (Method candidate : parent.getMethods()) {
      if (candidate.getAnnotation(Path.class) != null && !hasHttpMethod(candidate)
          && candidate.getReturnType().isAssignableFrom(child)) {
        found.add(candidate);
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
