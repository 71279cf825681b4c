package dev.traceguard.core;

/**
 * Whether Traceguard is to trace with the server's OpenTelemetry, and whether it can: what {@code traceguard-all-mp}
 * decides at deployment, before any class that names an OpenTelemetry SDK type is loaded. That jar carries no SDK
 * (only the API, as a fallback), so on a server that gives the application none (its MicroProfile Telemetry is not
 * installed) Traceguard must stay out of the deployment rather than fail it.
 *
 * <p>Names no OpenTelemetry type itself. Stateless and thread-safe.
 */
public final class ServerOpenTelemetry {
  /** The resource, present in {@code traceguard-all-mp} only, that makes Traceguard trace with the server's: {@value}. */
  public static final String MARKER = "META-INF/traceguard/server-opentelemetry";

  // Built at run time: the drop-in jar's build relocates every "io.opentelemetry" class name it finds as a constant.
  private static final String SDK_CLASS = String.join(".", "io", "opentelemetry", "sdk", "trace", "export",
      "SpanExporter");

  private ServerOpenTelemetry() {}

  /**
   * True when {@code loader}, the one of Traceguard's classes, loads them from {@code traceguard-all-mp}. Never
   * throws.
   */
  public static boolean isChosen(ClassLoader loader) {
    try {
      return loader.getResource(MARKER) != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** True when {@code loader} gives an OpenTelemetry SDK, as a server whose MicroProfile Telemetry is installed does. */
  public static boolean isVisible(ClassLoader loader) {
    try {
      Class.forName(SDK_CLASS, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * True when {@code loader}, the one of Traceguard's classes, loads them from {@code traceguard-all-mp} and gives
   * no OpenTelemetry SDK: Traceguard then registers nothing. Never throws.
   */
  public static boolean isMissing(ClassLoader loader) {
    return isChosen(loader) && !isVisible(loader);
  }
}
