package dev.traceguard.api;

import static java.util.Objects.requireNonNull;

/**
 * The fields of a W3C {@code traceparent} (or {@code traceresponse}) header.
 *
 * @param version the version, 0 to 254 (255 is invalid)
 * @param traceId 32 lower-case hex characters, not all zero
 * @param parentId 16 lower-case hex characters, not all zero
 * @param flags the trace flags, 0 to 255; bit 0 is {@code sampled}
 */
public record TraceParent(int version, String traceId, String parentId, int flags) {

  /** The {@code sampled} bit of {@link #flags()}. */
  public static final int FLAG_SAMPLED = 0x01;

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the field that breaks the W3C rules
   */
  public TraceParent {
    if (version < 0 || version > 254) {
      throw new IllegalArgumentException("version must be in [0, 254], was " + version);
    }
    if (!isLowerHexId(requireNonNull(traceId, "traceId"), 32)) {
      throw new IllegalArgumentException("traceId must be 32 lower-case hex characters, not all zero, was '"
          + traceId + "'");
    }
    if (!isLowerHexId(requireNonNull(parentId, "parentId"), 16)) {
      throw new IllegalArgumentException("parentId must be 16 lower-case hex characters, not all zero, was '"
          + parentId + "'");
    }
    if (flags < 0 || flags > 255) {
      throw new IllegalArgumentException("flags must be in [0, 255], was " + flags);
    }
  }

  /** Returns true when the {@code sampled} flag is set. */
  public boolean isSampled() {
    return (flags & FLAG_SAMPLED) != 0;
  }

  /** Returns the header value in version-00 layout: {@code vv-traceid-parentid-ff}, lower-case hex. */
  public String toHeader() {
    return hex2(version) + '-' + traceId + '-' + parentId + '-' + hex2(flags);
  }

  private static String hex2(int value) {
    String hex = Integer.toHexString(value);
    return hex.length() == 1 ? "0" + hex : hex;
  }

  private static boolean isLowerHexId(String id, int length) {
    if (id.length() != length) {
      return false;
    }
    boolean nonZero = false;
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }
}
