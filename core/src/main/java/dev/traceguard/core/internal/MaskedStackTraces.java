package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Masks the stack traces the rendering stage ({@link RenderingSpanExporter}) rendered, for the masking stage: each
 * header line every time (it carries the message), each block of frames once while it is among the last {@value
 * #CACHED_BLOCKS} masked (least recently used dropped first), then the whole cut at the length limit, so that the
 * limit never splits personal data the mask would have found.
 *
 * <p>The renderer hands out the same string for the same frames, whose hash is then already known: a block seen
 * before costs one look-up instead of a scan. A pattern that would match across the line break between a header and
 * a block is therefore not found; the built-in detectors never match across one. A full stack trace ({@code debug})
 * is one part, masked as a whole. Thread-safe.
 */
final class MaskedStackTraces {
  /** The most masked blocks of frames kept: {@value}. */
  static final int CACHED_BLOCKS = StackTraceRenderer.CACHED_BLOCKS;

  private final UnaryOperator<String> mask;
  private final int maxLength;
  // Access-ordered: the blocks of the failures that recur stay.
  private final Map<String, String> blocks = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > CACHED_BLOCKS;
    }
  };

  /**
   * @param mask what every text goes through, a pure function of its argument; not null
   * @param maxLength where the masked text is cut, positive
   */
  MaskedStackTraces(UnaryOperator<String> mask, int maxLength) {
    this.mask = requireNonNull(mask, "mask");
    if (maxLength <= 0) {
      throw new IllegalArgumentException("maxLength must be positive, was " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /** Returns {@code rendered} masked and cut at the length limit; what the mask throws is thrown. */
  String mask(StackTraceRenderer.Rendered rendered) {
    int size = rendered.size();
    if (size == 1) {
      return cut(mask.apply(rendered.part(0)));
    }
    String[] masked = new String[size];
    int length = 0;
    int count = 0;
    while (count < size && length <= maxLength) { // parts past the limit would be cut
      String part = rendered.part(count);
      String text = StackTraceRenderer.Rendered.isBlock(count) ? block(part) : mask.apply(part);
      masked[count++] = text;
      length += text.length();
    }
    // String.join sizes the text once; a builder would copy it again into the string.
    return cut(String.join("", count == size ? masked : Arrays.copyOf(masked, count)));
  }

  /** Returns how many masked blocks are kept now; for tests. */
  int cachedBlocks() {
    synchronized (blocks) {
      return blocks.size();
    }
  }

  private String block(String block) {
    String masked;
    synchronized (blocks) {
      masked = blocks.get(block);
    }
    if (masked == null) {
      masked = mask.apply(block);
      synchronized (blocks) {
        blocks.put(block, masked);
      }
    }
    return masked;
  }

  private String cut(String text) {
    return text.length() <= maxLength ? text : text.substring(0, maxLength);
  }
}
