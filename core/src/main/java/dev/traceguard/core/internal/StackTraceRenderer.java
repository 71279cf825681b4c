package dev.traceguard.core.internal;

import dev.traceguard.api.StackTraceMode;
import dev.traceguard.api.TracingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders the stack traces the runtime's SDK left to the export path ({@link DeferredStackTraces}), unmasked: the
 * masking stage that follows masks them ({@link MaskingSpanExporter}).
 *
 * <p>A sanitized stack trace is rendered in {@linkplain Rendered parts}: each throwable's header line, which carries
 * its message, apart from its block of frames. Blocks recur from one failure to the next where messages do not, so
 * the text of the last {@value #CACHED_BLOCKS} blocks rendered is kept (least recently used dropped first) and handed
 * out again as the very same string, which lets the masking stage find its masked form at the cost of a look-up. A
 * full stack trace ({@code debug}) is one part. Thread-safe.
 */
final class StackTraceRenderer {
  /** The most blocks of frames kept: a few hundred kilobytes at the default limits. */
  static final int CACHED_BLOCKS = 64;

  private final StackTraceMode mode;
  private final int maxFrames;
  // Access-ordered: the blocks of the failures that recur stay.
  private final Map<Frames, String> blocks = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Frames, String> eldest) {
      return size() > CACHED_BLOCKS;
    }
  };

  StackTraceRenderer(StackTraceMode mode, int maxFrames) {
    this.mode = mode;
    this.maxFrames = maxFrames;
  }

  /** Returns the renderer for {@code config}: its stack-trace mode ({@code FULL} in debug) and its frame cap. */
  static StackTraceRenderer forConfig(TracingConfig config) {
    return new StackTraceRenderer(DeferredStackTraces.mode(config), config.maxStackFrames());
  }

  /**
   * Returns {@code error}'s stack trace as the mode says, uncut and unmasked; null in mode {@link
   * StackTraceMode#NONE} or when the throwable cannot be rendered (its {@code getMessage()} or {@code
   * getStackTrace()} throws). Never throws.
   */
  @Nullable Rendered render(Throwable error) {
    try {
      return switch (mode) {
        case FULL -> new Rendered(new String[] {StackTraces.full(error)});
        case SANITIZED -> {
          Collector parts = new Collector();
          StackTraces.sanitized(error, maxFrames, parts);
          yield new Rendered(parts.parts.toArray(new String[0]));
        }
        case NONE -> null;
      };
    } catch (RuntimeException | StackOverflowError e) {
      return null; // the event keeps type and message
    }
  }

  /** Returns how many blocks of frames are kept now; for tests. */
  int cachedBlocks() {
    synchronized (blocks) {
      return blocks.size();
    }
  }

  private String block(StackTraceElement[] frames, int frameLimit) {
    Frames key = new Frames(frames, Math.min(frames.length, frameLimit));
    synchronized (blocks) {
      String block = blocks.get(key);
      if (block != null) {
        return block;
      }
    }
    StringBuilder text = new StringBuilder(key.shown.length * StackTraces.FRAME_CHARS + 32);
    StackTraces.appendFrames(text, frames, frameLimit);
    String block = text.toString();
    synchronized (blocks) {
      String raced = blocks.putIfAbsent(key, block);
      return raced != null ? raced : block;
    }
  }

  /**
   * A stack trace rendered but not masked: its parts in order, those at odd indices blocks of frames (the same
   * string for the same frames while the renderer keeps them), those at even indices header lines or the closing
   * line of a cut chain, or the whole text in {@code FULL} mode. Immutable.
   */
  static final class Rendered {
    private final String[] parts;

    Rendered(String[] parts) {
      this.parts = parts;
    }

    /** Returns how many parts there are. */
    int size() {
      return parts.length;
    }

    /** Returns part {@code i}. */
    String part(int i) {
      return parts[i];
    }

    /** Whether part {@code i} is a block of frames. */
    static boolean isBlock(int i) {
      return (i & 1) == 1;
    }

    /** Returns the whole text. */
    String text() {
      return parts.length == 1 ? parts[0] : String.join("", parts);
    }
  }

  /** Collects a sanitized stack trace's parts, blocks through the cache. */
  private final class Collector implements StackTraces.Parts {
    private final List<String> parts = new ArrayList<>(4);

    @Override
    public void header(boolean cause, Throwable t) {
      StringBuilder line = new StringBuilder(64);
      StackTraces.appendHeader(line, cause, t);
      parts.add(line.toString());
    }

    @Override
    public void frames(StackTraceElement[] frames, int frameLimit) {
      parts.add(block(frames, frameLimit));
    }

    @Override
    public void end(String line) {
      parts.add(line);
    }
  }

  /**
   * The frames a block shows and how many there were in all: two blocks with equal keys render to the same text.
   * Keeps a copy of the frames shown only.
   */
  private static final class Frames {
    private final StackTraceElement[] shown;
    private final int total;
    private final int hash;

    Frames(StackTraceElement[] frames, int shown) {
      this.shown = Arrays.copyOf(frames, shown);
      this.total = frames.length;
      this.hash = 31 * Arrays.hashCode(this.shown) + total;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Frames && ((Frames) o).total == total && Arrays.equals(((Frames) o).shown, shown);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
