package dev.traceguard.core.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The retry buffer in a directory: one file per failed batch, named so that names sort oldest first, at most
 * {@code maxBytes} in all, the oldest files dropped first. A batch is written to a temporary file and renamed into
 * place, so a process killed while writing leaves no half file behind; what is in place when the process starts
 * again is read and sent.
 *
 * <p>Why Traceguard's own: {@code io.opentelemetry.contrib:opentelemetry-disk-buffering} does not resolve from the
 * registry this project builds against, and it stores OTLP that only OTLP exporters could send again. Files are
 * created readable by the process's user only where the file system supports POSIX permissions. A batch that cannot
 * be written, and a file that cannot be read back (deleted), have their spans counted through {@code lost}. Names
 * end with a token of the store's own, so that two stores on one directory never write the same name. Not
 * thread-safe: the exporter calls it under its lock.
 */
final class DirectoryRetryStore implements RetryStore {
  private static final Logger logger = Logger.getLogger(DirectoryRetryStore.class.getName());
  private static final String SUFFIX = ".spans";
  private static final String PARTIAL = ".tmp";

  private final Path directory;
  private final long maxBytes;
  private final IntConsumer lost;
  // Names made by two stores on one directory (two runtimes of one service) never collide.
  private final String instance = String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt());
  private final TreeMap<String, Entry> kept = new TreeMap<>(); // not taken out, by name: oldest first
  private final Map<String, Entry> taken = new HashMap<>();
  private long bytes;
  private long clock; // the milliseconds of the newest name
  private int sequence; // the next count within them

  private record Entry(String name, int spans, long bytes) {}

  private DirectoryRetryStore(Path directory, long maxBytes, IntConsumer lost) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.lost = lost;
  }

  /**
   * Opens the store in {@code directory}, creating it if needed, and takes in the files a previous process left.
   *
   * @throws IOException if the directory cannot be created or listed
   */
  static DirectoryRetryStore open(Path directory, long maxBytes, IntConsumer lost) throws IOException {
    Files.createDirectories(directory);
    try {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the directory keeps the permissions it inherits.
    }
    DirectoryRetryStore store = new DirectoryRetryStore(directory, maxBytes, lost);
    store.recover();
    return store;
  }

  private void recover() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(PARTIAL)) {
          Files.deleteIfExists(file); // a write the previous process did not finish: never renamed into place
        } else if (name.endsWith(SUFFIX)) {
          try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            Entry entry = new Entry(name, SpanDataCodec.count(in), Files.size(file));
            kept.put(name, entry);
            bytes += entry.bytes();
          } catch (IOException e) {
            discard(name, 0, e);
          }
        }
      }
    }
    if (!kept.isEmpty()) {
      String newest = kept.lastKey();
      try {
        clock = Long.parseLong(newest.substring(0, 13));
        sequence = Integer.parseInt(newest.substring(14, 20)) + 1;
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        clock = System.currentTimeMillis(); // a file named by hand: the next names follow the clock
      }
      logger.log(Level.INFO, "Traceguard found {0} spans in {1} from before the last stop; sending them",
          new Object[] {size(), directory});
    }
  }

  @Override
  public int add(Collection<SpanData> spans) {
    if (spans.isEmpty()) {
      return 0;
    }
    Path partial = null;
    try {
      String name = nextName();
      partial = directory.resolve(name + PARTIAL);
      try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
        SpanDataCodec.write(spans, out);
      }
      Path done = directory.resolve(name + SUFFIX);
      try {
        Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, done);
      }
      Entry entry = new Entry(name + SUFFIX, spans.size(), Files.size(done));
      kept.put(entry.name(), entry);
      bytes += entry.bytes();
    } catch (IOException | RuntimeException e) {
      if (partial != null) {
        deleteQuietly(partial);
      }
      logger.log(Level.WARNING, "Traceguard could not keep " + spans.size() + " spans in " + directory
          + " for retry: " + e);
      lost.accept(spans.size());
      return 0;
    }
    return evictOverBound();
  }

  /** A name after every name in the directory, so that sorting by name is sorting by age: millis, then a count. */
  private String nextName() {
    long now = System.currentTimeMillis();
    if (now > clock) {
      clock = now;
      sequence = 0;
    } else if (sequence > 999_999) {
      clock++; // more than a million batches in one millisecond, or a clock set back: names stay ordered
      sequence = 0;
    }
    return String.format("%013d-%06d-%s", clock, sequence++, instance);
  }

  private int evictOverBound() {
    int evicted = 0;
    while (bytes > maxBytes && !kept.isEmpty()) {
      Entry oldest = kept.pollFirstEntry().getValue();
      deleteQuietly(directory.resolve(oldest.name()));
      bytes -= oldest.bytes();
      evicted += oldest.spans();
    }
    return evicted;
  }

  @Override
  public Batch take(int max) {
    while (!kept.isEmpty()) {
      Entry oldest = kept.pollFirstEntry().getValue();
      try (InputStream file = Files.newInputStream(directory.resolve(oldest.name()));
          DataInputStream in = new DataInputStream(new BufferedInputStream(file))) {
        List<SpanData> spans = SpanDataCodec.read(in);
        taken.put(oldest.name(), oldest);
        return new Batch(spans, oldest.name());
      } catch (IOException | RuntimeException e) {
        bytes -= oldest.bytes();
        discard(oldest.name(), oldest.spans(), e);
      }
    }
    return Batch.EMPTY;
  }

  @Override
  public int putBack(Batch batch) {
    Entry entry = taken.remove((String) batch.handle());
    if (entry != null) {
      kept.put(entry.name(), entry);
    }
    return 0;
  }

  @Override
  public void done(Batch batch) {
    Entry entry = taken.remove((String) batch.handle());
    if (entry != null) {
      deleteQuietly(directory.resolve(entry.name()));
      bytes -= entry.bytes();
    }
  }

  @Override
  public int size() {
    int spans = 0;
    for (Entry entry : kept.values()) {
      spans += entry.spans();
    }
    return spans;
  }

  @Override
  public boolean keepsAny() {
    return true;
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public void close() {
    taken.clear(); // a batch in a last attempt that did not answer stays in its file for the next start
  }

  private void discard(String name, int spans, Exception cause) {
    deleteQuietly(directory.resolve(name));
    logger.log(Level.WARNING, "Traceguard deleted the unreadable retry file " + directory.resolve(name) + ": "
        + cause);
    lost.accept(spans);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      logger.log(Level.FINE, "Traceguard could not delete " + file, e);
    }
  }

  @Override
  public String toString() {
    return "DirectoryRetryStore{" + directory + ", maxBytes=" + maxBytes + '}';
  }

  /** Lists what the directory holds, for tests: file names oldest first. */
  List<String> files() {
    List<String> names = new ArrayList<>(kept.keySet());
    names.addAll(taken.keySet());
    names.sort(null);
    return names;
  }
}
