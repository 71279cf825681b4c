package dev.traceguard.core.internal;

import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Appends spans to a file as OTLP JSON, one {@code ExportTraceServiceRequest} object per line: the format the
 * OpenTelemetry Collector's file exporter writes and its {@code otlpjsonfile} receiver reads.
 *
 * <p>Each line is appended whole under a lock held by this JVM and a file lock held against other processes, so
 * several runtimes, in one JVM or many, can share one file without ever interleaving lines. The JSON itself is
 * written by OpenTelemetry's own OTLP JSON marshaler, or where a server's SDK gives none ({@code traceguard-all-mp}),
 * by {@link OtlpJson}, byte for byte the same. Thread-safe.
 */
public final class OtlpJsonFileSpanExporter implements SpanExporter {
  // One monitor per file for the whole JVM: FileLock alone throws when two channels of one JVM lock one file.
  private static final ConcurrentMap<Path, Object> FILE_MONITORS = new ConcurrentHashMap<>();

  private final Path file;
  private final LineAppender lines;
  private final @Nullable SpanExporter json; // null where the SDK's marshaler is missing: OtlpJson writes instead
  private boolean stopped; // guarded by this; only when json is null

  private OtlpJsonFileSpanExporter(Path file, boolean sdkMarshaler) {
    this.file = file;
    this.lines = new LineAppender(file);
    this.json = sdkMarshaler ? sdkJson(lines) : null;
  }

  /** Creates an exporter appending to {@code file}, which is created with its parent folders on first write. */
  public static OtlpJsonFileSpanExporter create(Path file) {
    return new OtlpJsonFileSpanExporter(file.toAbsolutePath().normalize(), true);
  }

  /** As {@link #create}, always with {@link OtlpJson}, as on a server's SDK without OpenTelemetry's marshaler. */
  static OtlpJsonFileSpanExporter withoutSdkMarshaler(Path file) {
    return new OtlpJsonFileSpanExporter(file.toAbsolutePath().normalize(), false);
  }

  private static @Nullable SpanExporter sdkJson(OutputStream out) {
    try {
      return OtlpStdoutSpanExporter.builder().setWrapperJsonObject(true).setOutput(out).build();
    } catch (LinkageError e) {
      return null; // a server's SDK, which gives applications no opentelemetry-exporter-logging-otlp
    }
  }

  /**
   * Appends one line. Synchronized because the JSON writer hands a long line over in several writes, and two
   * exports through this instance must not mix their pieces in the line buffer.
   */
  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> spans) {
    if (json != null) {
      return json.export(spans);
    }
    if (stopped) {
      return CompletableResultCode.ofFailure();
    }
    StringBuilder line = new StringBuilder(256 * spans.size());
    try {
      OtlpJson.writeLine(spans, line);
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      lines.write(bytes, 0, bytes.length);
      return CompletableResultCode.ofSuccess();
    } catch (IOException | RuntimeException e) {
      return CompletableResultCode.ofFailure(); // the batch processor counts and logs failed exports
    }
  }

  @Override
  public synchronized CompletableResultCode flush() {
    return json != null ? json.flush() : CompletableResultCode.ofSuccess();
  }

  @Override
  public synchronized CompletableResultCode shutdown() {
    if (json != null) {
      return json.shutdown();
    }
    stopped = true;
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "OtlpJsonFileSpanExporter{" + file + '}';
  }

  private static final Set<StandardOpenOption> APPEND_OR_CREATE =
      EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  private static final FileAttribute<?>[] NO_ATTRIBUTES = new FileAttribute<?>[0];

  /**
   * Spans can hold what masking could not recognise, so a file this exporter creates is readable by its owner only
   * ({@code rw-------}) where the file system has POSIX permissions; elsewhere the platform's defaults apply. An
   * existing file keeps its permissions.
   */
  static FileAttribute<?>[] ownerOnly(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : NO_ATTRIBUTES;
  }

  /** Collects bytes into lines and appends each complete line to the file atomically. Used under the exporter's lock. */
  private static final class LineAppender extends OutputStream {
    private final Path file;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);

    LineAppender(Path file) {
      this.file = file;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      pending.write(b);
      if (b == '\n') {
        appendPending();
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
      for (int i = offset; i < offset + length; i++) {
        pending.write(bytes[i]);
        if (bytes[i] == '\n') {
          appendPending();
        }
      }
    }

    private void appendPending() throws IOException {
      byte[] line = pending.toByteArray();
      pending.reset();
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      synchronized (FILE_MONITORS.computeIfAbsent(file, f -> new Object())) {
        try (FileChannel channel = FileChannel.open(file, APPEND_OR_CREATE, ownerOnly(file));
            FileLock lock = channel.lock()) {
          ByteBuffer buffer = ByteBuffer.wrap(line);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
      }
    }

    /** A trailing partial line is never written: the marshaler always ends its objects with a newline. */
    @Override
    public void close() {}
  }
}
