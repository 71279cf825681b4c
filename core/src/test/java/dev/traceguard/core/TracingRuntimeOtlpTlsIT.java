package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.TracingConfig;
import io.opentelemetry.api.trace.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports through the real OTLP/HTTP exporter (JDK HttpClient sender) over HTTPS to a real JDK HttpsServer on
 * 127.0.0.1, with self-signed certificates made by keytool when the class starts. The JVM's trust store does not
 * trust them, so only {@code otel.exporter.otlp.certificate} makes the receiver reachable.
 */
class TracingRuntimeOtlpTlsIT {
  /** Where the OTLP/HTTP exporter logs a failed export, with its cause. */
  /** Where Traceguard says an export failed: one WARNING line, the stack trace at FINE. */
  private static final String EXPORTER_LOGGER = "dev.traceguard.core.internal.ExporterAccount";

  @TempDir static Path certificates;
  private static TestCertificates.Identity server;
  private static TestCertificates.Identity client;

  @BeforeAll
  static void makeCertificates() throws Exception {
    server = TestCertificates.create(certificates, "receiver", "127.0.0.1", "ip:127.0.0.1,dns:localhost");
    client = TestCertificates.create(certificates, "exporter", "traceguard-client", "");
  }

  private static TracingConfig.Builder https(OtlpHttpsReceiver receiver) {
    return TracingConfig.builder()
        .setServiceName("tls-it")
        .setExporters(List.of("otlp"))
        .setOtlpEndpoint(receiver.endpoint())
        .setSdkProperty("otel.exporter.otlp.timeout", String.valueOf((Duration.ofSeconds(2)).toMillis()))
        .setScheduleDelay(Duration.ofMillis(50))
        .setOtlpMaxAttempts(1);
  }

  private static void spans(TracingRuntime runtime, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      Span span = runtime.tracer().spanBuilder(prefix + i).startSpan();
      span.setAttribute("payload", "y".repeat(200));
      span.end();
    }
  }

  @Test
  void export_receiverCertificateTrusted_spansArriveOverHttps() throws Exception {
    try (OtlpHttpsReceiver receiver = OtlpHttpsReceiver.start(server);
        TracingRuntime runtime = TracingRuntime.create(
            https(receiver).setSdkProperty("otel.exporter.otlp.certificate", String.valueOf(server.certificatePem())).build()).start()) {

      spans(runtime, "secure-", 3);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 3);
      assertThat(receiver.spanNames()).containsExactlyInAnyOrder("secure-0", "secure-1", "secure-2");
      assertThat(receiver.requestLog()).allSatisfy(request -> {
        assertThat(request.tlsProtocol()).isIn("TLSv1.2", "TLSv1.3");
        assertThat(request.clientSubject()).isNull();
        assertThat(request.headers()).doesNotContainKey("content-encoding");
      });
    }
  }

  @Test
  void export_receiverCertificateNotConfigured_exportFailsUntilTrusted() throws Exception {
    try (OtlpHttpsReceiver receiver = OtlpHttpsReceiver.start(server)) {
      RecordingLogHandler handler = new RecordingLogHandler();
      List<LogRecord> failures = handler.records();
      Logger exporterLogger = Logger.getLogger(EXPORTER_LOGGER);
      Level level = exporterLogger.getLevel();
      exporterLogger.setLevel(Level.FINE);
      exporterLogger.addHandler(handler);
      try (TracingRuntime untrusting = TracingRuntime.create(https(receiver).setRetryBufferSize(0).build()).start()) {
        spans(untrusting, "refused-", 3);
        untrusting.forceFlush(Duration.ofSeconds(10));

        // The JVM's trust store does not know the self-signed certificate: the handshake fails, nothing is sent.
        await().atMost(Duration.ofSeconds(10)).until(() -> untrusting.droppedSpans(DropReason.EXPORT_FAILED) == 3);
        assertThat(receiver.requests()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> failures.stream().anyMatch(r -> r.getLevel() == Level.FINE));
        assertThat(failures).filteredOn(r -> r.getLevel() == Level.WARNING).singleElement()
            .satisfies(warning -> assertThat(new SimpleFormatter().formatMessage(warning))
                .contains("SSLHandshakeException: PKIX path building failed"));
        assertThat(failures).filteredOn(r -> r.getLevel() == Level.FINE).first()
            .satisfies(fine -> assertThat(fine.getThrown())
                .hasStackTraceContaining("SSLHandshakeException: PKIX path building failed"));
      } finally {
        exporterLogger.removeHandler(handler);
        exporterLogger.setLevel(level);
      }

      // The control: the same receiver, trusted this time, gets the spans.
      try (TracingRuntime trusting = TracingRuntime.create(
          https(receiver).setSdkProperty("otel.exporter.otlp.certificate", String.valueOf(server.certificatePem())).build()).start()) {
        spans(trusting, "accepted-", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 1);
        assertThat(receiver.spanNames()).containsExactly("accepted-0");
      }
    }
  }

  @Test
  void export_clientCertificateConfigured_mutualTlsSpansArrive() throws Exception {
    try (OtlpHttpsReceiver receiver = OtlpHttpsReceiver.startMutual(server, client);
        TracingRuntime runtime = TracingRuntime.create(https(receiver)
            .setSdkProperty("otel.exporter.otlp.certificate", String.valueOf(server.certificatePem()))
            .setSdkProperty("otel.exporter.otlp.client.key", String.valueOf(client.privateKeyPem()))
            .setSdkProperty("otel.exporter.otlp.client.certificate", String.valueOf(client.certificatePem()))
            .build()).start()) {

      spans(runtime, "mutual-", 2);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 2);
      assertThat(receiver.spanNames()).containsExactlyInAnyOrder("mutual-0", "mutual-1");
      assertThat(receiver.requestLog()).extracting(OtlpHttpsReceiver.Request::clientSubject)
          .containsOnly("CN=traceguard-client");
    }
  }

  @Test
  void export_clientCertificateMissing_receiverRejectsHandshake() throws Exception {
    try (OtlpHttpsReceiver receiver = OtlpHttpsReceiver.startMutual(server, client);
        TracingRuntime runtime = TracingRuntime.create(https(receiver)
            .setSdkProperty("otel.exporter.otlp.certificate", String.valueOf(server.certificatePem()))
            .setRetryBufferSize(0)
            .build()).start()) {

      spans(runtime, "anonymous-", 2);
      runtime.forceFlush(Duration.ofSeconds(10));

      await().atMost(Duration.ofSeconds(10)).until(() -> runtime.droppedSpans(DropReason.EXPORT_FAILED) == 2);
      assertThat(receiver.requests()).isZero();
    }
  }

  @Test
  void export_gzipCompression_contentEncodingGzipAndBodyDecodes() throws Exception {
    try (OtlpHttpsReceiver receiver = OtlpHttpsReceiver.start(server);
        TracingRuntime runtime = TracingRuntime.create(https(receiver)
            .setSdkProperty("otel.exporter.otlp.certificate", String.valueOf(server.certificatePem()))
            .setSdkProperty("otel.exporter.otlp.compression", "gzip")
            .build()).start()) {

      spans(runtime, "zipped-", 10);

      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spans().size() == 10);
      assertThat(receiver.spanNames()).hasSize(10).contains("zipped-0", "zipped-9").doesNotHaveDuplicates();
      assertThat(receiver.requestLog()).allSatisfy(request -> {
        assertThat(request.headers())
            .containsEntry("content-encoding", "gzip")
            .containsEntry("content-type", "application/x-protobuf");
        // The gzip magic number: the body on the wire is compressed, not merely labelled so.
        assertThat(request.body()).startsWith((byte) 0x1f, (byte) 0x8b);
      });
    }
  }
}
