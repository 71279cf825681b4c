package dev.traceguard.cdi.internal;

import dev.traceguard.api.PropertySource;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells when the server's own MicroProfile Telemetry is switched on for the application while Traceguard runs its
 * own OpenTelemetry beside it, which the drop-in jar cannot share (its OpenTelemetry is relocated): each request then
 * gets two SERVER spans, the server's client filter replaces the {@code traceparent} Traceguard injected, and the
 * server exports its spans without Traceguard's masking. Traceguard keeps running (the application deploys and
 * answers); the warning says what goes wrong and how to avoid it.
 *
 * <p>The server's telemetry is on when the application sets {@code otel.sdk.disabled=false} (MicroProfile
 * Telemetry's default is {@code true}, Traceguard's {@code false}) and its class loader gives an OpenTelemetry API
 * other than the one Traceguard uses. With the Maven modules, the application's API is Traceguard's own and nothing
 * is reported.
 */
final class ServerTelemetryCheck {
  // Built at run time: the drop-in jar's build relocates every "io.opentelemetry" class name it finds as a constant.
  static final String API_CLASS = String.join(".", "io", "opentelemetry", "api", "OpenTelemetry");

  private static final String UNKNOWN_SERVER = "The server";

  private ServerTelemetryCheck() {}

  /** The warning to log for the application whose classes {@code loader} loads, or empty. Never throws. */
  static Optional<String> warning(PropertySource config, ClassLoader loader) {
    if (!serverSdkOn(config).orElse(false) || !offersOtherApi(loader)) {
      return Optional.empty();
    }
    return Optional.of(serverName() + "'s own MicroProfile Telemetry is on for this application"
        + " (otel.sdk.disabled=false) and runs beside Traceguard's OpenTelemetry, which the drop-in jar cannot share:"
        + " each request gets two SERVER spans, the server's client filter replaces the traceparent Traceguard"
        + " injected (callees then continue spans Traceguard does not export), and the server exports its spans"
        + " without Traceguard's masking. Leave otel.sdk.disabled unset (or remove it from the server's settings) to"
        + " keep the server's telemetry off (Traceguard stays on), or deploy traceguard-all-mp instead of"
        + " traceguard-all: it traces with the server's OpenTelemetry. See docs/servers.md, 'Servers with their own"
        + " telemetry'.");
  }

  /**
   * For {@code traceguard-all-mp}, which traces with the server's OpenTelemetry: the warning to log when the
   * application leaves the server's telemetry off ({@code otel.sdk.disabled} is not {@code false}, MicroProfile
   * Telemetry's default being {@code true}), in which case nothing is traced; else empty. Never throws.
   */
  static Optional<String> offWarning(PropertySource config) {
    if (serverSdkOn(config).orElse(true)) {
      return Optional.empty();
    }
    return Optional.of("traceguard-all-mp traces with " + serverInSentence() + "'s own MicroProfile Telemetry, which is"
        + " off for this application (otel.sdk.disabled is not false): requests are answered but not traced. Set"
        + " otel.sdk.disabled=false, or deploy traceguard-all instead. See docs/servers.md.");
  }

  /**
   * Whether the application switches MicroProfile Telemetry's SDK on ({@code otel.sdk.disabled=false}); empty when
   * the configuration cannot be read, a problem reported where the configuration is read.
   */
  private static Optional<Boolean> serverSdkOn(PropertySource config) {
    try {
      return Optional.of(config.get("otel.sdk.disabled").map(value -> value.trim().equalsIgnoreCase("false"))
          .orElse(false));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean offersOtherApi(ClassLoader loader) {
    try {
      return Class.forName(API_CLASS, false, loader) != OpenTelemetry.class;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The server as {@link #serverName()} names it, for the middle of a sentence. */
  static String serverInSentence() {
    String name = serverName();
    return name.equals(UNKNOWN_SERVER) ? "the server" : name;
  }

  /** The server, from a system property each one sets. */
  static String serverName() {
    if (System.getProperty("jboss.home.dir") != null) {
      return "WildFly";
    }
    if (System.getProperty("wlp.install.dir") != null) {
      return "Open Liberty";
    }
    String glassfish = System.getProperty("com.sun.aas.installRoot");
    if (glassfish != null) {
      return glassfish.toLowerCase(Locale.ROOT).contains("payara") ? "Payara" : "GlassFish";
    }
    return UNKNOWN_SERVER;
  }
}
