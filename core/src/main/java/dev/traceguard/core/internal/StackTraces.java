package dev.traceguard.core.internal;

import dev.traceguard.api.StackTraceMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Renders stack traces for the {@code exception.stacktrace} attribute and strips file-system paths from texts.
 *
 * <p>{@link #full} and {@link #sanitized} run on the request thread, so they use no regular expression and their
 * work is bounded by the frames they keep. {@link #sanitized} copies messages as they are: masking personal data
 * and stripping file-system paths ({@link #stripPaths}) happen on the export path, on the batch processor's
 * thread, because nothing on the request thread runs a masking regex.
 *
 * <p>All methods are stateless and thread-safe. They do not catch what a throwable's own {@code getMessage()} or
 * {@code toString()} throws; callers on the request path catch it.
 */
public final class StackTraces {

  /** The most throwables of a cause chain {@link #sanitized} renders, the first included. */
  static final int MAX_CHAIN = 16;

  /** A typical rendered frame's length, {@code \tat com.example.Service.method(Service.java:123)\n}, and some. */
  static final int FRAME_CHARS = 96;

  private static final String CAUSED_BY = "Caused by: ";
  private static final String PATH_MARK = "[PATH]/";

  /** Unix roots, without their leading slash, each ending with the slash that must follow the root name. */
  private static final String[] UNIX_ROOTS = {
    "home/", "Users/", "root/", "tmp/", "var/", "opt/", "etc/", "usr/", "srv/", "mnt/", "data/", "app/"
  };

  private StackTraces() {}

  /**
   * Returns the stack trace of {@code t} as {@code mode} says: {@link #full}, {@link #sanitized} with {@code
   * maxFrames}, or null for {@link StackTraceMode#NONE}.
   */
  static @Nullable String render(StackTraceMode mode, Throwable t, int maxFrames) {
    return switch (mode) {
      case FULL -> full(t);
      case SANITIZED -> sanitized(t, maxFrames);
      case NONE -> null;
    };
  }

  /**
   * Returns the whole stack trace of {@code t} exactly as {@link Throwable#printStackTrace()} writes it: causes,
   * suppressed exceptions and every frame, lines separated by the platform's line separator.
   *
   * @param t the throwable, not null
   * @return the stack trace, never null
   */
  public static String full(Throwable t) {
    StringWriter out = new StringWriter(1024);
    try (PrintWriter writer = new PrintWriter(out)) {
      t.printStackTrace(writer);
    }
    return out.toString();
  }

  /**
   * Returns a bounded stack trace of {@code t} and its causes, one line per header or frame, lines separated by
   * {@code \n}.
   *
   * <p>For {@code t} and each cause, at most {@value #MAX_CHAIN} throwables in all: a header line ({@code
   * ClassName: message}, or {@code Caused by: ClassName: message} for a cause; {@code : message} left out when the
   * message is null), then at most {@code maxFrames} frames {@code \tat declaringClass.method(File.java:123)} and,
   * when frames were cut, {@code \t... N more} with the number cut. A frame keeps class, method, file and line
   * only: never a class loader or module name, which tell about the deployment and not about the failure. A cause
   * already rendered ends the chain with {@code Caused by: [CIRCULAR REFERENCE: ClassName]}; a chain longer than
   * {@value #MAX_CHAIN} ends with {@code \t... further causes omitted}.
   *
   * <p>Suppressed exceptions are left out: each may carry a chain of its own, and leaving them out keeps the size
   * bounded by {@value #MAX_CHAIN} times {@code maxFrames} frames.
   *
   * <p>Messages are copied as they are (from {@link Throwable#getMessage()}): they may hold personal data or
   * file-system paths, which the export path masks and strips. Nothing on the request thread runs a masking regex.
   *
   * @param t the throwable, not null
   * @param maxFrames the most frames kept per throwable; a negative number counts as 0
   * @return the stack trace, never null
   */
  public static String sanitized(Throwable t, int maxFrames) {
    Text text = new Text();
    sanitized(t, maxFrames, text);
    return text.builder == null ? "" : text.builder.toString();
  }

  /**
   * Renders like {@link #sanitized(Throwable, int)}, part by part into {@code parts}: each throwable's header line,
   * which carries its message, apart from its block of frames, which recurs from one failure to the next, so that
   * the export path can render each block once and mask it once.
   */
  static void sanitized(Throwable t, int maxFrames, Parts parts) {
    int frameLimit = Math.max(0, maxFrames);
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable current = t;
    int rendered = 0;
    while (current != null) {
      if (rendered == MAX_CHAIN) {
        parts.end("\t... further causes omitted\n");
        return;
      }
      if (!seen.add(current)) {
        parts.end(CAUSED_BY + "[CIRCULAR REFERENCE: " + current.getClass().getName() + "]\n");
        return;
      }
      parts.header(rendered > 0, current);
      parts.frames(current.getStackTrace(), frameLimit);
      rendered++;
      current = current.getCause();
    }
  }

  /**
   * Receives a {@linkplain #sanitized(Throwable, int, Parts) sanitized} stack trace part by part, in order: for each
   * throwable a header then a block of frames, and at most one closing line that ends a cut chain.
   */
  interface Parts {
    /** Takes {@code t}'s header line, {@code [Caused by: ]ClassName[: message]\n}, as {@link #appendHeader} writes. */
    void header(boolean cause, Throwable t);

    /** Takes the block of {@code frames}, as {@link #appendFrames} writes it. */
    void frames(StackTraceElement[] frames, int frameLimit);

    /** Takes the line that ends a chain cut short (a circular reference, too many causes). */
    void end(String line);
  }

  /** Writes the parts as they are, into one text. */
  private static final class Text implements Parts {
    private @Nullable StringBuilder builder;

    @Override
    public void header(boolean cause, Throwable t) {
      appendHeader(out(256), cause, t);
    }

    @Override
    public void frames(StackTraceElement[] frames, int frameLimit) {
      // Sized for the first throwable's frames, which are most of the text: growing from a small buffer would copy
      // the whole trace several times over.
      appendFrames(out(256 + Math.min(frames.length, frameLimit) * FRAME_CHARS), frames, frameLimit);
    }

    @Override
    public void end(String line) {
      out(line.length()).append(line);
    }

    private StringBuilder out(int capacity) {
      StringBuilder out = builder;
      if (out == null) {
        out = new StringBuilder(capacity);
        builder = out;
      } else {
        out.ensureCapacity(out.length() + capacity);
      }
      return out;
    }
  }

  /** Appends {@code t}'s header line: {@code Caused by: } for a cause, its class name, {@code : message}, a newline. */
  static void appendHeader(StringBuilder out, boolean cause, Throwable t) {
    if (cause) {
      out.append(CAUSED_BY);
    }
    out.append(t.getClass().getName());
    String message = t.getMessage();
    if (message != null) {
      out.append(": ").append(message);
    }
    out.append('\n');
  }

  /** Appends at most {@code frameLimit} of {@code frames}, one line each, then {@code \t... N more} if any were cut. */
  static void appendFrames(StringBuilder out, StackTraceElement[] frames, int frameLimit) {
    int shown = Math.min(frames.length, frameLimit);
    for (int i = 0; i < shown; i++) {
      appendFrame(out, frames[i]);
    }
    if (shown < frames.length) {
      out.append("\t... ").append(frames.length - shown).append(" more\n");
    }
  }

  // Formatted from the getters, not StackTraceElement.toString(), which prefixes class loader and module names.
  private static void appendFrame(StringBuilder out, StackTraceElement frame) {
    out.append("\tat ").append(frame.getClassName()).append('.').append(frame.getMethodName()).append('(');
    String file = frame.getFileName();
    if (frame.isNativeMethod()) {
      out.append("Native Method");
    } else if (file == null) {
      out.append("Unknown Source");
    } else {
      out.append(file);
      if (frame.getLineNumber() >= 0) {
        out.append(':').append(frame.getLineNumber());
      }
    }
    out.append(")\n");
  }

  /**
   * Replaces every absolute file-system path in {@code text} that starts at a well-known root with {@code
   * [PATH]/} and the path's last segment, its file name: {@code failed to read /home/alice/conf/db.properties:
   * denied} becomes {@code failed to read [PATH]/db.properties: denied}.
   *
   * <p>A path starts with {@code /home/}, {@code /Users/}, {@code /root/}, {@code /tmp/}, {@code /var/}, {@code
   * /opt/}, {@code /etc/}, {@code /usr/}, {@code /srv/}, {@code /mnt/}, {@code /data/} or {@code /app/}, or with a
   * drive such as {@code C:\} or {@code D:/}, at the start of the text or after white space, a quote ({@code "},
   * {@code '} or a backtick), an opening bracket ({@code (}, {@code [}, a brace or {@code <}), {@code =}, {@code ,},
   * {@code :} or {@code ;} (a drive also after {@code /}, as in {@code file:///C:/}). So a root inside a URL or
   * another path, as in {@code https://host/home/x} or {@code /api/home/x}, is left alone, and so are paths
   * without a known root, such as {@code /api/users/1}. A path ends before white space, a quote, a {@code :}
   * followed by white space or the end, a {@code )}, a {@code ,} or at the end of the text; both {@code /} and
   * {@code \} separate segments. A path with a space in it, as {@code C:\Program Files\x}, is therefore cut at the
   * space.
   *
   * <p>Runs on the export path. A hand-written scanner, linear in the length of the text; applying it twice gives
   * the same text as applying it once.
   *
   * @param text the text, not null
   * @return {@code text} itself when it holds no such path, otherwise a new string
   */
  public static String stripPaths(String text) {
    int length = text.length();
    StringBuilder out = null;
    int copied = 0; // text before this index has been copied to out, or stripped
    int i = 0;
    while (i < length) {
      int rootLength = pathRootLength(text, i);
      if (rootLength == 0) {
        i++;
        continue;
      }
      int end = pathEnd(text, i + rootLength);
      int segmentStart = lastSegmentStart(text, i, end);
      if (out == null) {
        out = new StringBuilder(length);
      }
      out.append(text, copied, i).append(PATH_MARK).append(text, segmentStart, end);
      copied = end;
      i = end;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, length).toString();
  }

  /** Returns the length of the path root starting at {@code i} ({@code /home/}, {@code C:\}), or 0 if none. */
  private static int pathRootLength(String text, int i) {
    char c = text.charAt(i);
    if (c == '/') {
      if (i > 0 && !isBoundary(text.charAt(i - 1))) {
        return 0;
      }
      for (String root : UNIX_ROOTS) {
        if (text.startsWith(root, i + 1)) {
          return 1 + root.length();
        }
      }
      return 0;
    }
    if (isAsciiLetter(c) && i + 2 < text.length() && text.charAt(i + 1) == ':' && isSeparator(text.charAt(i + 2))) {
      if (i > 0) {
        char before = text.charAt(i - 1);
        if (!isBoundary(before) && before != '/') {
          return 0;
        }
      }
      return 3;
    }
    return 0;
  }

  /** Returns the index just past the path whose segments start at {@code from}. */
  private static int pathEnd(String text, int from) {
    int length = text.length();
    int i = from;
    while (i < length) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '`' || c == ')' || c == ',') {
        return i;
      }
      if (c == ':' && (i + 1 == length || Character.isWhitespace(text.charAt(i + 1)))) {
        return i;
      }
      i++;
    }
    return length;
  }

  private static int lastSegmentStart(String text, int start, int end) {
    for (int i = end - 1; i >= start; i--) {
      if (isSeparator(text.charAt(i))) {
        return i + 1;
      }
    }
    return start; // unreachable: every root ends with a separator
  }

  private static boolean isBoundary(char c) {
    switch (c) {
      case '"':
      case '\'':
      case '`':
      case '(':
      case '[':
      case '{':
      case '<':
      case '=':
      case ',':
      case ':':
      case ';':
        return true;
      default:
        return Character.isWhitespace(c);
    }
  }

  private static boolean isSeparator(char c) {
    return c == '/' || c == '\\';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
