package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryRetryStoreTest {
  @TempDir Path dir;
  private final AtomicInteger lost = new AtomicInteger();

  private static List<SpanData> spans(String prefix, int count) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
      Tracer tracer = provider.get("store-test");
      for (int i = 0; i < count; i++) {
        tracer.spanBuilder(prefix + i).startSpan().end();
      }
      return memory.getFinishedSpanItems();
    }
  }

  private static List<String> names(RetryStore.Batch batch) {
    return batch.spans().stream().map(SpanData::getName).toList();
  }

  private DirectoryRetryStore open(long maxBytes) throws IOException {
    return DirectoryRetryStore.open(dir.resolve("otlp"), maxBytes, lost::addAndGet);
  }

  @Test
  void take_afterAdds_oldestBatchFirstAndDoneDeletesItsFile() throws IOException {
    DirectoryRetryStore store = open(1 << 20);
    store.add(spans("a", 2));
    store.add(spans("b", 3));

    assertThat(store.size()).isEqualTo(5);
    RetryStore.Batch first = store.take(512);
    assertThat(names(first)).containsExactly("a0", "a1");
    assertThat(store.size()).isEqualTo(3);

    store.done(first);
    assertThat(store.files()).hasSize(1);
    assertThat(names(store.take(512))).containsExactly("b0", "b1", "b2");
  }

  @Test
  void putBack_failedAgain_isTheOldestAgain() throws IOException {
    DirectoryRetryStore store = open(1 << 20);
    store.add(spans("a", 1));
    store.add(spans("b", 1));

    RetryStore.Batch first = store.take(512);
    store.putBack(first);

    assertThat(names(store.take(512))).containsExactly("a0");
  }

  @Test
  void add_pastMaxBytes_dropsOldestFilesAndReturnsTheirSpans() throws IOException {
    DirectoryRetryStore probe = DirectoryRetryStore.open(dir.resolve("probe"), Long.MAX_VALUE, n -> {});
    probe.add(spans("x", 10));
    long oneFile = Files.size(dir.resolve("probe").resolve(probe.files().get(0)));
    DirectoryRetryStore store = open(oneFile * 2 + oneFile / 2);

    assertThat(store.add(spans("a", 10))).isZero();
    assertThat(store.add(spans("b", 10))).isZero();
    assertThat(store.add(spans("c", 10))).isEqualTo(10);

    assertThat(store.size()).isEqualTo(20);
    assertThat(names(store.take(512))).startsWith("b0");
  }

  @Test
  void open_again_findsWhatThePreviousStoreKeptAndIgnoresPartialWrites() throws IOException {
    DirectoryRetryStore before = open(1 << 20);
    before.add(spans("a", 2));
    before.add(spans("b", 1));
    Files.writeString(dir.resolve("otlp").resolve("9999999999999-000000.tmp"), "half a batch");

    DirectoryRetryStore after = open(1 << 20);

    assertThat(after.size()).isEqualTo(3);
    assertThat(names(after.take(512))).containsExactly("a0", "a1");
    after.add(spans("c", 1));
    assertThat(names(after.take(512))).containsExactly("b0");
    assertThat(names(after.take(512))).as("written after the restart, so newer").containsExactly("c0");
    assertThat(Files.exists(dir.resolve("otlp").resolve("9999999999999-000000.tmp"))).isFalse();
  }

  @Test
  void open_unreadableFile_deletedAndCounted() throws IOException {
    DirectoryRetryStore before = open(1 << 20);
    before.add(spans("a", 2));
    Path file = dir.resolve("otlp").resolve(before.files().get(0));
    Files.write(file, new byte[] {1, 2, 3});

    DirectoryRetryStore after = open(1 << 20);

    assertThat(after.size()).isZero();
    assertThat(Files.exists(file)).isFalse();
    assertThat(lost).hasValue(0); // its count could not be read either
  }

  @Test
  void take_fileDamagedAfterOpen_deletedCountedAndTheNextOneTaken() throws IOException {
    DirectoryRetryStore store = open(1 << 20);
    store.add(spans("a", 2));
    store.add(spans("b", 1));
    Path first = dir.resolve("otlp").resolve(store.files().get(0));
    byte[] bytes = Files.readAllBytes(first);
    Files.write(first, java.util.Arrays.copyOf(bytes, 20));

    assertThat(names(store.take(512))).containsExactly("b0");
    assertThat(lost).hasValue(2);
  }

  @Test
  void open_posixFileSystem_directoryOwnerOnly() throws IOException {
    assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");

    open(1 << 20).add(spans("a", 1));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("otlp"))))
        .isEqualTo("rwx------");
  }

  @Test
  void add_twoStoresOnOneDirectoryInTheSameMillisecond_noNameCollides() throws IOException {
    DirectoryRetryStore first = open(1 << 20);
    DirectoryRetryStore second = open(1 << 20);

    for (int i = 0; i < 50; i++) {
      assertThat(first.add(spans("a", 1))).isZero();
      assertThat(second.add(spans("b", 1))).isZero();
    }

    assertThat(lost).hasValue(0);
    assertThat(first.files()).hasSize(50).doesNotContainAnyElementsOf(second.files());
    try (var files = Files.list(dir.resolve("otlp"))) {
      assertThat(files.count()).isEqualTo(100);
    }
  }

  @Test
  void add_directoryGone_spansCountedLostNotThrown() throws IOException {
    DirectoryRetryStore store = open(1 << 20);
    Files.delete(dir.resolve("otlp"));

    assertThat(store.add(spans("a", 3))).isZero();

    assertThat(lost).hasValue(3);
    assertThat(store.size()).isZero();
  }

  @Test
  void durable_andToString() throws IOException {
    DirectoryRetryStore store = open(1024);

    assertThat(store.durable()).isTrue();
    assertThat(store).hasToString("DirectoryRetryStore{" + dir.resolve("otlp") + ", maxBytes=1024}");
  }
}
