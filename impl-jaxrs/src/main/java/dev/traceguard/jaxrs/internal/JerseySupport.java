package dev.traceguard.jaxrs.internal;

/**
 * Which Jersey extension points this class loader can see, found once: the Jersey-only helpers are loaded only
 * when their Jersey types are present, so the module still runs on other JAX-RS implementations.
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

  private JerseySupport() {}

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, JerseySupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
