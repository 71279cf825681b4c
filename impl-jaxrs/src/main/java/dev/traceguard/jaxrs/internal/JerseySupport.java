package dev.traceguard.jaxrs.internal;

import jakarta.ws.rs.core.Configuration;

/**
 * Which Jersey extension points this class loader can see, found once: the Jersey-only helpers are loaded only
 * when their Jersey types are present, so the module still runs on other JAX-RS implementations. Also tells RESTEasy,
 * whose one difference that matters is its clients' filters.
 */
public final class JerseySupport {
  /** Jersey's server request events ({@code ApplicationEventListener}). */
  public static final boolean SERVER_EVENTS =
      isPresent("org.glassfish.jersey.server.monitoring.ApplicationEventListener");
  /** Jersey's client {@code PostInvocationInterceptor}. */
  public static final boolean CLIENT_INTERCEPTOR =
      isPresent("org.glassfish.jersey.client.spi.PostInvocationInterceptor");
  /** Jersey's {@code ExtendedUriInfo}, which knows the templates matched through sub-resource locators. */
  static final boolean EXTENDED_URI_INFO = isPresent("org.glassfish.jersey.server.ExtendedUriInfo");

  /** The Servlet API, through which a Servlet container tells the HTTP version. Not Jersey's, but found alike. */
  public static final boolean SERVLET = isPresent("jakarta.servlet.http.HttpServletRequest");

  private static final String ASYNC_EXECUTOR = "org.glassfish.jersey.client.ClientAsyncExecutor";
  private static final String EXECUTOR_PROVIDER = "org.glassfish.jersey.spi.ExecutorServiceProvider";

  private JerseySupport() {}

  /**
   * Whether {@code configuration} is a RESTEasy server application's. RESTEasy gives every client built while it
   * serves a request the client filters of the application's own configuration, in place of the client's (WildFly,
   * Open Liberty): there Traceguard's client filter must be in the application's configuration too. Reads the class
   * name only, so that it links no RESTEasy type.
   */
  public static boolean isResteasy(Configuration configuration) {
    return configuration.getClass().getName().startsWith("org.jboss.resteasy.");
  }

  /**
   * Whether the client being configured has an asynchronous executor of its own: a Jersey {@code
   * ExecutorServiceProvider} qualified {@code @ClientAsyncExecutor}, registered as a class or an instance. Reads
   * names only, so that it links no Jersey type.
   */
  public static boolean hasAsyncExecutor(Configuration configuration) {
    for (Class<?> type : configuration.getClasses()) {
      if (isAsyncExecutor(type)) {
        return true;
      }
    }
    for (Object instance : configuration.getInstances()) {
      if (isAsyncExecutor(instance.getClass())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAsyncExecutor(Class<?> type) {
    boolean qualified = false;
    for (java.lang.annotation.Annotation annotation : type.getAnnotations()) {
      qualified |= annotation.annotationType().getName().equals(ASYNC_EXECUTOR);
    }
    if (!qualified) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> implemented : c.getInterfaces()) {
        if (implemented.getName().equals(EXECUTOR_PROVIDER)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, JerseySupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
