package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.core.internal.pii.ScanningPiiMasker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MaskingLogRecordExporterTest {
  private static final PiiMasker MASKER = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());

  /** Emits through a real SDK logger provider and returns what it handed the exporter. */
  private static List<LogRecordData> emit(Resource resource, Consumer<io.opentelemetry.api.logs.Logger> logging) {
    InMemoryLogRecordExporter raw = InMemoryLogRecordExporter.create();
    try (SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(resource)
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(raw)).build()) {
      logging.accept(provider.get("test"));
      return raw.getFinishedLogRecordItems();
    }
  }

  /** An exporter that answers {@code export} with {@code export}, and succeeds at flushing and shutting down. */
  private static LogRecordExporter exporter(Function<Collection<LogRecordData>, CompletableResultCode> export) {
    return new LogRecordExporter() {
      @Override
      public CompletableResultCode export(Collection<LogRecordData> logs) {
        return export.apply(logs);
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  private static MaskingLogRecordExporter masking(LogRecordExporter delegate, PiiMasker masker) {
    return MaskingLogRecordExporter.create(delegate, masker, Set.of(), Set.of());
  }

  @Test
  void export_personalDataEverywhere_maskedBodyAttributesResourceAndEventName() {
    List<LogRecordData> records = emit(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "bob@example.com-service",
            AttributeKey.stringKey("host.owner"), "carol@example.com")),
        logger -> logger.logRecordBuilder()
            .setSeverity(Severity.WARN)
            .setEventName("payment failed for dave@example.com")
            .setBody("payment by alice@example.com failed")
            .setAttribute(AttributeKey.stringKey("card"), "4111 1111 1111 1111")
            .setAttribute(AttributeKey.stringKey("url.query"), "access_token=abc123&q=1")
            .setAttribute(AttributeKey.stringKey("exception.stacktrace"), "at x(/home/alice/App.java:1) 123-45-6789")
            .setAttribute(AttributeKey.stringKey("http.request.header.authorization"), "Bearer xyz")
            .emit());
    InMemoryLogRecordExporter out = InMemoryLogRecordExporter.create();

    masking(out, MASKER).export(records);

    LogRecordData masked = out.getFinishedLogRecordItems().get(0);
    assertThat(masked.getBodyValue().asString()).isEqualTo("payment by a***@example.com failed");
    assertThat(masked.getAttributes().get(AttributeKey.stringKey("card"))).isEqualTo("****-****-****-1111");
    assertThat(masked.getAttributes().get(AttributeKey.stringKey("url.query"))).isEqualTo("access_token=[REDACTED]&q=1");
    assertThat(masked.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .doesNotContain("alice").contains("***-**-****");
    assertThat(masked.getAttributes().get(AttributeKey.stringKey("http.request.header.authorization")))
        .isEqualTo(PiiMasker.REDACTED);
    assertThat(masked.getResource().getAttribute(AttributeKey.stringKey("service.name")))
        .isEqualTo("bob@example.com-service");
    assertThat(masked.getResource().getAttribute(AttributeKey.stringKey("host.owner"))).isEqualTo("c***@example.com");
    assertThat(masked.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(masked.getSpanContext()).isEqualTo(records.get(0).getSpanContext());
    assertThat(masked.getTimestampEpochNanos()).isEqualTo(records.get(0).getTimestampEpochNanos());
    assertThat(masked.getTotalAttributeCount()).isEqualTo(4);
    assertThat(masked.getEventName()).isEqualTo("payment failed for d***@example.com");
  }

  @Test
  void export_structuredBody_everyStringMasked() {
    List<LogRecordData> records = emit(Resource.empty(), logger -> logger.logRecordBuilder()
        .setBody(Value.of(KeyValue.of("user", Value.of("alice@example.com")),
            KeyValue.of("tags", Value.of(Value.of("ok"), Value.of("ssn 123-45-6789"))), KeyValue.of("n", Value.of(3))))
        .emit());
    InMemoryLogRecordExporter out = InMemoryLogRecordExporter.create();

    masking(out, MASKER).export(records);

    assertThat(out.getFinishedLogRecordItems().get(0).getBodyValue().asString())
        .contains("a***@example.com").contains("***-**-****").doesNotContain("alice@").doesNotContain("6789");
  }

  @Test
  void export_nothingToMask_sameBatchAndRecords() {
    List<LogRecordData> records = emit(Resource.empty(),
        logger -> logger.logRecordBuilder().setBody("order 42 shipped").setEventName("shipped").emit());
    List<Collection<LogRecordData>> seen = new CopyOnWriteArrayList<>();
    LogRecordExporter recording = exporter(logs -> {
      seen.add(logs);
      return CompletableResultCode.ofSuccess();
    });

    masking(recording, MASKER).export(records);

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).isSameAs(records);
  }

  @Test
  void export_maskingOff_onlyHttpRedaction() {
    List<LogRecordData> records = emit(Resource.empty(), logger -> logger.logRecordBuilder()
        .setBody("alice@example.com")
        .setAttribute(AttributeKey.stringKey("url.full"), "https://x/?password=secret")
        .emit());
    InMemoryLogRecordExporter out = InMemoryLogRecordExporter.create();

    masking(out, PiiMasker.noop()).export(records);

    LogRecordData record = out.getFinishedLogRecordItems().get(0);
    assertThat(record.getBodyValue().asString()).isEqualTo("alice@example.com");
    assertThat(record.getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo("https://x/?password=[REDACTED]");
  }

  @Test
  void export_maskerThrows_recordDroppedAndCountedNeverExportedRaw() {
    List<LogRecordData> records = emit(Resource.empty(), logger -> {
      logger.logRecordBuilder().setBody("alice@example.com").emit();
      logger.logRecordBuilder().setBody("bob@example.com").emit();
    });
    InMemoryLogRecordExporter out = InMemoryLogRecordExporter.create();
    PiiMasker throwing = text -> {
      throw new IllegalStateException("broken masker");
    };
    MaskingLogRecordExporter exporter = masking(out, throwing);

    CompletableResultCode result = exporter.export(records);

    assertThat(result.isSuccess()).isTrue();
    assertThat(out.getFinishedLogRecordItems()).isEmpty();
    assertThat(exporter.droppedUnmaskable()).isEqualTo(2);
  }

  @Test
  void export_delegateThrows_failedResult() {
    List<LogRecordData> records = emit(Resource.empty(), logger -> logger.logRecordBuilder().setBody("x").emit());
    LogRecordExporter throwing = exporter(logs -> {
      throw new IllegalStateException("down");
    });
    MaskingLogRecordExporter exporter = masking(throwing, MASKER);

    assertThat(exporter.export(records).isSuccess()).isFalse();
    assertThat(exporter.flush().isSuccess()).isTrue();
    assertThat(exporter.shutdown().isSuccess()).isTrue();
    assertThat(exporter.toString()).contains("MaskingLogRecordExporter");
  }

  /**
   * {@code record} as an older SDK's (a server's, under traceguard-all-mp) hands it over: asking it for the event
   * name or the body as a {@code Value} throws {@link NoSuchMethodError}, as calling a method its interface lacks does.
   */
  private static LogRecordData asOlderSdk(LogRecordData record) {
    return (LogRecordData) Proxy.newProxyInstance(LogRecordData.class.getClassLoader(),
        new Class<?>[] {LogRecordData.class}, (proxy, method, args) -> {
          if (method.getName().equals("getEventName") || method.getName().equals("getBodyValue")) {
            throw new NoSuchMethodError("LogRecordData." + method.getName());
          }
          try {
            return method.invoke(record, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  @SuppressWarnings("deprecation") // getBody: what an older SDK's exporter reads
  void export_olderSdk_bodyMaskedThroughBodyAndEventNameNotAsked() {
    LogRecordData record = asOlderSdk(emit(Resource.empty(), logger -> logger.logRecordBuilder()
        .setBody("refund to alice@example.com")
        .setAttribute(AttributeKey.stringKey("card"), "4111 1111 1111 1111")
        .emit()).get(0));
    InMemoryLogRecordExporter out = InMemoryLogRecordExporter.create();
    MaskingLogRecordExporter exporter =
        MaskingLogRecordExporter.forSdk(out, MASKER, Set.of(), Set.of(), false, false);

    assertThat(exporter.export(List.of(record)).isSuccess()).isTrue();

    assertThat(exporter.droppedUnmaskable()).isZero();
    assertThat(out.getFinishedLogRecordItems()).singleElement().satisfies(masked -> {
      assertThat(masked.getBody().asString()).startsWith("refund to ").doesNotContain("alice@");
      assertThat(masked.getAttributes().get(AttributeKey.stringKey("card"))).doesNotContain("4111 1111");
    });
  }

  @Test
  void export_sdkLacksWhatMaskingReads_recordDroppedCountedNeverExportedRaw() {
    LogRecordData record = asOlderSdk(emit(Resource.empty(),
        logger -> logger.logRecordBuilder().setBody("alice@example.com").emit()).get(0));
    InMemoryLogRecordExporter out = InMemoryLogRecordExporter.create();
    MaskingLogRecordExporter exporter = MaskingLogRecordExporter.forSdk(out, MASKER, Set.of(), Set.of(), true, true);

    assertThat(exporter.export(List.of(record)).isSuccess()).isTrue();

    assertThat(exporter.droppedUnmaskable()).isEqualTo(1);
    assertThat(out.getFinishedLogRecordItems()).isEmpty();
  }
}
