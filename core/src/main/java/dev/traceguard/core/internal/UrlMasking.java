package dev.traceguard.core.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * Masks what HTTP puts in URLs, where encoding and structure hide personal data from the detectors: percent-encoded
 * queries and header values, and path segments next to slashes. Stateless beyond the masker it is given;
 * thread-safe when that is.
 */
final class UrlMasking {
  private final boolean masking;
  private final UnaryOperator<String> maskText;

  /** Masks with {@code maskText}; with {@code masking} false, everything is returned as it came. */
  UrlMasking(boolean masking, UnaryOperator<String> maskText) {
    this.masking = masking;
    this.maskText = maskText;
  }

  /**
   * Masks a URL or query. Percent-encoding hides personal data from the detectors ({@code %2B1+%28415%29+555-0132}
   * is a phone number), so an encoded value is also masked decoded; when that hides something, the masked decoded
   * text is exported instead of the original encoding.
   */
  String maskEncoded(String url) {
    if (masking && (url.indexOf('%') >= 0 || url.indexOf('+') >= 0)) {
      String decoded;
      try {
        decoded = URLDecoder.decode(url, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = url; // malformed escapes: mask the text as it is
      }
      if (!decoded.equals(url)) {
        String maskedDecoded = maskText.apply(decoded);
        if (!maskedDecoded.equals(decoded)) {
          return maskedDecoded;
        }
      }
    }
    return maskText.apply(url);
  }

  /**
   * Masks a URL path one segment at a time. A path hides personal data twice over: percent-encoding, and the
   * slashes themselves, next to which the detectors keep a number (so that {@code /v1/2024/01/02} survives). On
   * its own, {@code 4111111111111111} between two slashes is a card. A segment is decoded without turning {@code +}
   * into a space ({@code +} is literal in a path); a segment that masking changes is exported masked and decoded,
   * the others as they came. Returns {@code path} itself when nothing changed.
   */
  String maskPath(String path) {
    if (!masking) {
      return path;
    }
    StringBuilder out = null;
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      if (end > start) {
        String segment = path.substring(start, end);
        String masked = maskSegment(segment);
        if (out == null && masked != segment) {
          out = new StringBuilder(path.length() + 16).append(path, 0, start);
        }
        if (out != null) {
          out.append(masked);
        }
      }
      if (slash < 0) {
        break;
      }
      if (out != null) {
        out.append('/');
      }
      start = slash + 1;
    }
    return out == null ? path : out.toString();
  }

  private String maskSegment(String segment) {
    String decoded = segment;
    if (segment.indexOf('%') >= 0) {
      try {
        decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = segment; // malformed escapes: mask the text as it is
      }
    }
    String masked = maskText.apply(decoded);
    if (masked.equals(decoded)) {
      return segment;
    }
    return masked;
  }

  /**
   * Masks a full URL ({@code scheme://authority/path?query#fragment}) or a query: as a whole, decoded where that
   * hides something ({@link #maskEncoded}), then its path segment by segment ({@link #maskPath}).
   */
  String maskUrl(String value) {
    String url = maskEncoded(value);
    int scheme = url.indexOf("://");
    int pathStart = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
    if (pathStart < 0) {
      return url;
    }
    int pathEnd = url.length();
    for (int i = pathStart; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        pathEnd = i;
        break;
      }
    }
    String path = url.substring(pathStart, pathEnd);
    String masked = maskPath(path);
    return masked == path ? url : url.substring(0, pathStart) + masked + url.substring(pathEnd);
  }
}
