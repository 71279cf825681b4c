package dev.traceguard.core.internal;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Builds the Zipkin exporter. Kept apart from {@link ZipkinSpanExporterProvider} because it names Zipkin's classes,
 * which are optional: the provider is loaded by every service lookup and must load without them.
 */
final class ZipkinExporters {
  private ZipkinExporters() {}

  static SpanExporter create(ConfigProperties config) {
    int timeout = (int) Math.min(Integer.MAX_VALUE,
        config.getDuration("otel.exporter.zipkin.timeout", Duration.ofSeconds(10)).toMillis());
    String endpoint = config.getString("otel.exporter.zipkin.endpoint", ZipkinSpanExporterProvider.DEFAULT_ENDPOINT);
    CauseKeepingSender sender = new CauseKeepingSender(URLConnectionSender.newBuilder()
        .endpoint(endpoint)
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .build());
    return new CauseReportingExporter(ZipkinSpanExporter.builder().setSender(sender).build(), sender, endpoint);
  }

  /** Remembers the last send's exception; the exporter calls it on its own thread, synchronously, per export. */
  private static final class CauseKeepingSender implements BytesMessageSender {
    private final BytesMessageSender delegate;
    private final ThreadLocal<IOException> lastFailure = new ThreadLocal<>();

    CauseKeepingSender(BytesMessageSender delegate) {
      this.delegate = delegate;
    }

    @Nullable IOException takeFailure() {
      IOException failure = lastFailure.get();
      lastFailure.remove();
      return failure;
    }

    @Override
    public Encoding encoding() {
      return delegate.encoding();
    }

    @Override
    public int messageMaxBytes() {
      return delegate.messageMaxBytes();
    }

    @Override
    public int messageSizeInBytes(List<byte[]> encodedSpans) {
      return delegate.messageSizeInBytes(encodedSpans);
    }

    @Override
    public int messageSizeInBytes(int encodedSizeInBytes) {
      return delegate.messageSizeInBytes(encodedSizeInBytes);
    }

    @Override
    public void send(List<byte[]> encodedSpans) throws IOException {
      try {
        delegate.send(encodedSpans);
      } catch (IOException | RuntimeException e) {
        lastFailure.set(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }

  /** The SDK's Zipkin exporter, whose failed results carry the sender's exception. */
  private static final class CauseReportingExporter implements SpanExporter {
    private final SpanExporter delegate;
    private final CauseKeepingSender sender;
    private final String endpoint;

    CauseReportingExporter(SpanExporter delegate, CauseKeepingSender sender, String endpoint) {
      this.delegate = delegate;
      this.sender = sender;
      this.endpoint = endpoint;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      sender.takeFailure(); // a failure left by an earlier export on this thread is not this one's
      CompletableResultCode result = delegate.export(spans);
      IOException failure = sender.takeFailure();
      if (result.isDone() && !result.isSuccess() && failure != null) {
        return CompletableResultCode.ofExceptionalFailure(failure);
      }
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return "ZipkinSpanExporter{endpoint=" + endpoint + '}';
    }
  }
}
