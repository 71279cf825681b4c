package dev.traceguard.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** A {@code java.util.logging} handler that keeps every record it is given, for tests that assert what was logged. */
public final class RecordingLogHandler extends Handler {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  /** Returns the records published so far, live: later records appear in it. */
  public List<LogRecord> records() {
    return records;
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
