package dev.traceguard.core.internal;

/**
 * Whether the OpenTelemetry SDK or API Traceguard runs on has a method. Under {@code traceguard-all-mp} that is the
 * server's, which may be older than the one Traceguard is built against (Payara's 1.29, WildFly's and Open
 * Liberty's 1.48): calling a method it lacks throws {@link NoSuchMethodError}, on an export thread that then dies.
 * Asked once per method, at class initialization.
 */
final class SdkMethods {
  private SdkMethods() {}

  /** Whether {@code type}, as loaded here, has the public method {@code name} taking {@code parameters}. */
  static boolean has(Class<?> type, String name, Class<?>... parameters) {
    try {
      type.getMethod(name, parameters);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
