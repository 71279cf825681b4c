package dev.traceguard.jaxrs.internal;

import jakarta.ws.rs.Path;
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
