package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.StackTraceMode;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.sdk.common.internal.ExceptionAttributeResolver;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.internal.SdkTracerProviderUtil;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Takes the text of a recorded exception's stack trace off the request thread, where {@link
 * Throwable#getStackTrace()} alone costs tens of microseconds for a server's usual hundred frames.
 *
 * <p>The runtime's SDK records exceptions with a resolver that writes only {@code exception.type} and {@code
 * exception.message}; the SDK's event keeps the {@code Throwable} ({@code ExceptionEventData}), and {@link
 * MaskingSpanExporter} renders and masks {@code exception.stacktrace} with a {@linkplain #masking renderer} on the
 * export thread. An exception on a span that is never exported (unsampled, dropped) never has its stack trace rendered.
 * The resolver is installed through the SDK's internal {@code SdkTracerProviderUtil}: a hook the SDK does not promise
 * to keep, pinned here by the SDK version Traceguard builds against. Immutable and thread-safe.
 */
public final class DeferredStackTraces {
  /** Writes the type and the message, never the stack trace; a {@code getMessage()} that throws leaves it out. */
  static final ExceptionAttributeResolver TYPE_AND_MESSAGE = (setter, error, maxLength) -> {
    setter.setAttribute(TraceguardAttributes.EXCEPTION_TYPE, error.getClass().getName());
    String message;
    try {
      message = error.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      return; // the event still tells the type; the message cannot be had
    }
    if (message != null) {
      setter.setAttribute(TraceguardAttributes.EXCEPTION_MESSAGE, message);
    }
  };

  /** The most blocks of masked frames a {@link Renderer} keeps: a few hundred kilobytes at the default limits. */
  static final int CACHED_BLOCKS = 64;

  private final StackTraceMode mode;
  private final int maxFrames;
  private final int maxLength;

  private DeferredStackTraces(StackTraceMode mode, int maxFrames, int maxLength) {
    this.mode = mode;
    this.maxFrames = maxFrames;
    this.maxLength = maxLength;
  }

  /**
   * Returns the renderer for {@code config}: its stack-trace mode ({@link StackTraceMode#FULL} in debug), its frame
   * cap and its attribute value length limit.
   */
  public static DeferredStackTraces forConfig(TracingConfig config) {
    return new DeferredStackTraces(mode(config), config.maxStackFrames(), config.attributeValueLengthLimit());
  }

  /** The stack-trace mode {@code config} asks for: {@link StackTraceMode#FULL} in debug, else its own. */
  public static StackTraceMode mode(TracingConfig config) {
    return config.isDebug() ? StackTraceMode.FULL : config.stackTraceMode();
  }

  /** Makes the tracer provider being built record exceptions without rendering their stack traces. */
  static void install(SdkTracerProviderBuilder tracerProvider) {
    SdkTracerProviderUtil.setExceptionAttributeResolver(tracerProvider, TYPE_AND_MESSAGE);
  }

  /**
   * Returns a renderer whose stack traces are passed through {@code mask} before they are cut at the length limit,
   * so that the limit never splits personal data the mask would have found.
   *
   * <p>A sanitized stack trace is masked in parts: each header line ({@code Caused by: Type: message}) on its own,
   * and each throwable's block of frames on its own, the masked block kept for the next throwable thrown from the
   * same place. Frames repeat from one failure to the next where messages do not, and masking them was most of
   * what a failed request cost the export thread. A pattern that would match across a line break between the parts
   * is therefore not found; the built-in detectors never match across one. A full stack trace ({@code debug}) is
   * masked as a whole.
   *
   * @param mask what every text goes through, a pure function of its argument; not null
   */
  Renderer masking(UnaryOperator<String> mask) {
    return new Renderer(requireNonNull(mask, "mask"));
  }

  /**
   * Renders and masks stack traces for one mask, remembering the masked text of the last {@value #CACHED_BLOCKS}
   * blocks of frames it rendered (least recently used dropped first). Thread-safe.
   */
  final class Renderer implements StackTraces.Lines {
    private final UnaryOperator<String> mask;
    // Access-ordered: the blocks of the failures that recur stay.
    private final Map<Frames, String> blocks = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Frames, String> eldest) {
        return size() > CACHED_BLOCKS;
      }
    };

    private Renderer(UnaryOperator<String> mask) {
      this.mask = mask;
    }

    /**
     * Returns {@code error}'s stack trace as the mode says, masked, then cut at the attribute value length limit;
     * null in mode {@link StackTraceMode#NONE} or when the throwable cannot be rendered. Never throws what the
     * throwable throws; what the mask throws is thrown.
     */
    @Nullable String render(Throwable error) {
      String text;
      try {
        text = switch (mode) {
          case FULL -> applyMask(StackTraces.full(error));
          case SANITIZED -> StackTraces.sanitized(error, maxFrames, this);
          case NONE -> null;
        };
      } catch (MaskFailure e) {
        throw e.getCause();
      } catch (RuntimeException | StackOverflowError e) {
        return null; // a throwable whose getMessage() or getStackTrace() fails: the event keeps type and message
      }
      return text == null || text.length() <= maxLength ? text : text.substring(0, maxLength);
    }

    @Override
    public void header(StringBuilder out, boolean cause, Throwable t) {
      StringBuilder line = new StringBuilder(64);
      StackTraces.appendHeader(line, cause, t);
      out.append(applyMask(line.toString()));
    }

    @Override
    public void frames(StringBuilder out, StackTraceElement[] frames, int frameLimit) {
      Frames key = new Frames(frames, Math.min(frames.length, frameLimit));
      String block;
      synchronized (blocks) {
        block = blocks.get(key);
      }
      if (block == null) {
        StringBuilder text = new StringBuilder(key.shown.length * StackTraces.FRAME_CHARS + 32);
        StackTraces.appendFrames(text, frames, frameLimit);
        block = applyMask(text.toString());
        synchronized (blocks) {
          blocks.put(key, block);
        }
      }
      out.append(block);
    }

    // Tells the mask's failure from the throwable's: the one drops the span, the other only its stack trace.
    private String applyMask(String text) {
      try {
        return mask.apply(text);
      } catch (RuntimeException e) {
        throw new MaskFailure(e);
      }
    }

    /** Returns how many blocks of frames are kept now; for tests. */
    int cachedBlocks() {
      synchronized (blocks) {
        return blocks.size();
      }
    }
  }

  /** A failure of the mask carried through the rendering, which catches the throwable's own failures. */
  private static final class MaskFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MaskFailure(RuntimeException cause) {
      super(null, cause, false, false);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
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
