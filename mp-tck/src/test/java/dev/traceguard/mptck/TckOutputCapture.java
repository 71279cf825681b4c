package dev.traceguard.mptck;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.test.spi.event.suite.AfterSuite;
import org.jboss.arquillian.test.spi.event.suite.BeforeSuite;
import org.jspecify.annotations.Nullable;

/**
 * Writes what the logging exporters print to the file a TCK test then reads (system property
 * {@code mptelemetry.tck.log.file.path}): with {@code mp-tck.jul.file} set, every {@code java.util.logging} record
 * (the logging metric exporter's output) is also written there; with {@code mp-tck.stdout.file} set,
 * {@code System.out} (the logging log record exporter's output) is copied there too. Neither set: does nothing.
 * Runs once per surefire execution, before the suite and after it; not thread-safe, Arquillian calls it from one
 * thread.
 */
final class TckOutputCapture {
  private static final String JUL_FILE = "mp-tck.jul.file";
  private static final String STDOUT_FILE = "mp-tck.stdout.file";

  private @Nullable Handler julFile;
  private @Nullable PrintStream originalOut;

  void start(@Observes BeforeSuite event) throws IOException {
    String julPath = System.getProperty(JUL_FILE);
    if (julPath != null) {
      // FileHandler reads '%' as a pattern character; the build's paths have none.
      julFile = new FileHandler(julPath, false);
      julFile.setFormatter(new SimpleFormatter());
      Logger.getLogger("").addHandler(julFile);
    }
    String stdoutPath = System.getProperty(STDOUT_FILE);
    if (stdoutPath != null) {
      originalOut = System.out;
      OutputStream file = new FileOutputStream(stdoutPath, false);
      System.setOut(new PrintStream(new Tee(originalOut, file), true, Charset.defaultCharset()));
    }
  }

  void stop(@Observes AfterSuite event) {
    if (julFile != null) {
      Logger.getLogger("").removeHandler(julFile);
      julFile.close();
    }
    if (originalOut != null) {
      PrintStream tee = System.out;
      System.setOut(originalOut);
      tee.close();
    }
  }

  /** Copies every byte to the original stream and to a file; closing closes the file only. */
  private static final class Tee extends OutputStream {
    private final OutputStream original;
    private final OutputStream file;

    Tee(OutputStream original, OutputStream file) {
      this.original = original;
      this.file = file;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      original.write(b);
      file.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
      original.write(bytes, offset, length);
      file.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() throws IOException {
      original.flush();
      file.flush();
    }

    @Override
    public synchronized void close() {
      try {
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
