package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.traceguard.core.OtlpJsonLines;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpJsonFileSpanExporterTest {
  /** Longer than the JSON generator's 8000-byte buffer, so each line reaches the file in several writes. */
  private static final String LONG_VALUE = "x".repeat(1_000);

  @TempDir Path tempDir;

  /** Real spans from the SDK, named prefix0, prefix1, ..., each with a {@code payload} attribute. */
  private static List<SpanData> spans(String prefix, int count, String payload) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
      Tracer tracer = provider.get("file-test");
      for (int i = 0; i < count; i++) {
        Span span = tracer.spanBuilder(prefix + i).startSpan();
        span.setAttribute("payload", payload);
        span.end();
      }
      // Read before closing: shutting the provider down clears the in-memory exporter.
      return memory.getFinishedSpanItems();
    }
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  private static void export(OtlpJsonFileSpanExporter exporter, List<SpanData> spans) {
    CompletableResultCode result = exporter.export(spans);
    assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  /** Runs each task on its own thread, all released together, and waits for all of them. */
  private static void runTogether(List<Runnable> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable task : tasks) {
        futures.add(pool.submit(() -> {
          go.await();
          task.run();
          return null;
        }));
      }
      go.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void export_eachCall_appendsExactlyOneOtlpJsonLine() throws IOException {
    Path file = tempDir.resolve("spans.jsonl");
    OtlpJsonFileSpanExporter exporter = OtlpJsonFileSpanExporter.create(file);
    List<SpanData> spans = spans("op-", 3, "p");

    export(exporter, spans.subList(0, 2));
    assertThat(lines(file)).hasSize(1);
    export(exporter, spans.subList(2, 3));

    List<String> lines = lines(file);
    assertThat(lines).hasSize(2).allSatisfy(line -> {
      assertThat(line).startsWith("{\"resourceSpans\":[");
      assertThat(OtlpJsonLines.isOneObject(line)).isTrue();
    });
    assertThat(OtlpJsonLines.spans(lines.get(0)))
        .extracting(span -> span.get("name"), span -> span.get("traceId"), span -> span.get("spanId"))
        .containsExactly(
            tuple("op-0", spans.get(0).getTraceId(), spans.get(0).getSpanId()),
            tuple("op-1", spans.get(1).getTraceId(), spans.get(1).getSpanId()));
    assertThat(OtlpJsonLines.names(lines.get(1))).containsExactly("op-2");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).endsWith("}\n");
  }

  @Test
  void export_withoutTheSdkMarshaler_sameFileThanWithIt() throws IOException {
    Path sdk = tempDir.resolve("sdk.jsonl");
    Path own = tempDir.resolve("own.jsonl");
    OtlpJsonFileSpanExporter withSdk = OtlpJsonFileSpanExporter.create(sdk);
    OtlpJsonFileSpanExporter withoutSdk = OtlpJsonFileSpanExporter.withoutSdkMarshaler(own);
    List<SpanData> spans = spans("op-", 3, LONG_VALUE);

    export(withSdk, spans.subList(0, 2));
    export(withSdk, spans.subList(2, 3));
    export(withoutSdk, spans.subList(0, 2));
    export(withoutSdk, spans.subList(2, 3));

    assertThat(lines(own)).hasSize(2).isEqualTo(lines(sdk));
    assertThat(withoutSdk.flush().isSuccess()).isTrue();
    assertThat(withoutSdk.shutdown().isSuccess()).isTrue();
    assertThat(withoutSdk.export(spans).isSuccess()).as("after shutdown").isFalse();
    assertThat(lines(own)).hasSize(2);
  }

  @Test
  void export_newFile_ownerOnlyPermissions() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        tempDir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    Path file = tempDir.resolve("private.jsonl");
    OtlpJsonFileSpanExporter exporter = OtlpJsonFileSpanExporter.create(file);

    export(exporter, spans("first-", 1, "p"));

    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void export_existingFile_keepsItsPermissions() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        tempDir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    Path file = Files.createFile(tempDir.resolve("shared.jsonl"));
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

    export(OtlpJsonFileSpanExporter.create(file), spans("first-", 1, "p"));

    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
  }

  @Test
  void export_existingFile_appendsWithoutTruncating() throws IOException {
    Path file = tempDir.resolve("spans.jsonl");
    Files.writeString(file, "{\"earlier\":true}\n", StandardCharsets.UTF_8);
    OtlpJsonFileSpanExporter exporter = OtlpJsonFileSpanExporter.create(file);

    export(exporter, spans("later-", 1, "p"));

    List<String> lines = lines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("{\"earlier\":true}");
    assertThat(OtlpJsonLines.names(lines.get(1))).containsExactly("later-0");
  }

  @Test
  void export_missingParentFolders_createsThemOnFirstWrite() throws IOException {
    Path file = tempDir.resolve("a/b/c/spans.jsonl");
    OtlpJsonFileSpanExporter exporter = OtlpJsonFileSpanExporter.create(file);
    assertThat(tempDir.resolve("a")).doesNotExist();

    export(exporter, spans("nested-", 1, "p"));

    assertThat(lines(file)).hasSize(1);
  }

  @Test
  void export_afterShutdown_failsAndWritesNothing() throws IOException {
    Path file = tempDir.resolve("spans.jsonl");
    OtlpJsonFileSpanExporter exporter = OtlpJsonFileSpanExporter.create(file);
    assertThat(exporter.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

    CompletableResultCode result = exporter.export(spans("late-", 1, "p"));

    assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
    assertThat(file).doesNotExist();
  }

  @Test
  void toString_relativePath_namesAbsoluteNormalizedFile() {
    OtlpJsonFileSpanExporter exporter = OtlpJsonFileSpanExporter.create(Path.of("logs/../spans.jsonl"));

    assertThat(exporter)
        .hasToString("OtlpJsonFileSpanExporter{" + Path.of("spans.jsonl").toAbsolutePath() + "}");
  }

  @Test
  void export_twoExportersOnOneFileFromFourThreads_linesNeverInterleave() throws Exception {
    Path file = tempDir.resolve("shared.jsonl");
    List<OtlpJsonFileSpanExporter> exporters =
        List.of(OtlpJsonFileSpanExporter.create(file), OtlpJsonFileSpanExporter.create(file));
    List<Runnable> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      OtlpJsonFileSpanExporter exporter = exporters.get(t % 2);
      List<SpanData> spans = spans("thread" + t + "-", 1, "p");
      tasks.add(() -> {
        for (int i = 0; i < 50; i++) {
          export(exporter, spans);
        }
      });
    }

    runTogether(tasks);

    List<String> lines = lines(file);
    assertThat(lines).hasSize(200).allSatisfy(line -> assertThat(OtlpJsonLines.isOneObject(line)).isTrue());
    Map<String, Long> perThread = new LinkedHashMap<>();
    for (String line : lines) {
      OtlpJsonLines.names(line).forEach(name -> perThread.merge(name, 1L, Long::sum));
    }
    assertThat(perThread).containsOnly(
        Map.entry("thread0-0", 50L), Map.entry("thread1-0", 50L),
        Map.entry("thread2-0", 50L), Map.entry("thread3-0", 50L));
  }

  @Test
  void export_twoExportersLinesLongerThanWriteBuffer_eachLineWhole() throws Exception {
    Path file = tempDir.resolve("shared.jsonl");
    List<Runnable> tasks = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      OtlpJsonFileSpanExporter exporter = OtlpJsonFileSpanExporter.create(file);
      List<SpanData> spans = spans("runtime" + t + "-", 16, LONG_VALUE);
      tasks.add(() -> {
        for (int i = 0; i < 25; i++) {
          export(exporter, spans);
        }
      });
    }

    runTogether(tasks);

    assertLongLinesWhole(file, 50);
  }

  @Test
  void export_oneExporterFromTwoThreadsLinesLongerThanWriteBuffer_eachLineWhole() throws Exception {
    // The class promises thread safety, and SpanExporter allows simultaneous exports from some processors.
    Path file = tempDir.resolve("shared.jsonl");
    OtlpJsonFileSpanExporter exporter = OtlpJsonFileSpanExporter.create(file);
    List<Runnable> tasks = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      List<SpanData> spans = spans("thread" + t + "-", 16, LONG_VALUE);
      tasks.add(() -> {
        for (int i = 0; i < 25; i++) {
          export(exporter, spans);
        }
      });
    }

    runTogether(tasks);

    assertLongLinesWhole(file, 50);
  }

  /** Each line one whole object holding the 16 spans of one export; 25 lines from each of two sources. */
  private static void assertLongLinesWhole(Path file, int expected) throws IOException {
    List<String> lines = lines(file);
    assertThat(lines).hasSize(expected);
    Map<String, Long> linesPerSource = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      assertThat(line.length()).as("line %d length", i).isGreaterThan(16_000);
      assertThat(OtlpJsonLines.isOneObject(line)).as("line %d is one complete JSON object", i).isTrue();
      Map<String, Long> sources = OtlpJsonLines.names(line).stream()
          .collect(Collectors.groupingBy(name -> name.substring(0, name.indexOf('-')), Collectors.counting()));
      assertThat(sources).as("line %d spans by source", i).hasSize(1).containsValue(16L);
      linesPerSource.merge(sources.keySet().iterator().next(), 1L, Long::sum);
    }
    assertThat(linesPerSource.values()).containsExactly(25L, 25L);
  }
}
