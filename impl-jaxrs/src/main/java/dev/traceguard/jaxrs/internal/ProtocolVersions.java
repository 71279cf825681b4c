package dev.traceguard.jaxrs.internal;

import org.jspecify.annotations.Nullable;

/** {@code network.protocol.version} from the protocol string a container reports ({@code HTTP/1.1}). */
final class ProtocolVersions {
  private ProtocolVersions() {}

  /**
   * Returns the version part of an {@code HTTP/x.y} protocol string by the semantic conventions: {@code 1.0},
   * {@code 1.1}, {@code 2}, {@code 3}; null for anything else.
   */
  static @Nullable String of(@Nullable String protocol) {
    if (protocol == null || !protocol.regionMatches(true, 0, "HTTP/", 0, 5) || protocol.length() == 5) {
      return null;
    }
    String version = protocol.substring(5);
    switch (version) {
      case "1.0":
      case "1.1":
        return version;
      case "2":
      case "2.0":
        return "2";
      case "3":
      case "3.0":
        return "3";
      default:
        return null;
    }
  }
}
