package dev.traceguard.examples;

import dev.traceguard.api.PropertySource;
import java.net.URI;
import java.util.Optional;

/**
 * Where the demo listens: {@value #HOST} (default {@value #DEFAULT_HOST}) and {@value #PORT} (default {@value
 * #DEFAULT_PORT}) for the gateway, the next two ports for the user and payment services. Read from system properties,
 * then environment variables ({@code DEMO_PORT}). Immutable.
 */
final class DemoSettings {
  static final String HOST = "demo.host";
  static final String PORT = "demo.port";
  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 8080;
  /** The payment service takes {@code demo.port + 2}, which must still be a port. */
  static final int MAX_PORT = 65533;

  private final String host;
  private final int port;

  DemoSettings(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the property, its value and the rule, when one is invalid
   */
  static DemoSettings load(PropertySource source) {
    String host = source.get(HOST).map(String::strip).filter(h -> !h.isEmpty()).orElse(DEFAULT_HOST);
    Optional<String> portValue = source.get(PORT).map(String::strip);
    int port = DEFAULT_PORT;
    if (portValue.isPresent()) {
      try {
        port = Integer.parseInt(portValue.get());
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > MAX_PORT) {
        throw new IllegalArgumentException(PORT + "='" + portValue.get() + "': must be a whole number from 1 to "
            + MAX_PORT + " (the demo listens on it and on the next two ports)");
      }
    }
    if (!isHost(host)) {
      throw new IllegalArgumentException(HOST + "='" + host + "': must be a host name or an IP address");
    }
    return new DemoSettings(host, port);
  }

  String host() {
    return host;
  }

  URI gateway() {
    return uri(port);
  }

  URI users() {
    return uri(port + 1);
  }

  URI payments() {
    return uri(port + 2);
  }

  private URI uri(int servicePort) {
    return URI.create("http://" + hostForUri(host) + ":" + servicePort + "/");
  }

  private static boolean isHost(String host) {
    try {
      return URI.create("http://" + hostForUri(host) + "/").getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String hostForUri(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
