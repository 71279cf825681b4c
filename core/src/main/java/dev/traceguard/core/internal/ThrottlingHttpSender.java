package dev.traceguard.core.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP/HTTP sender: the JDK's {@link HttpClient}, with the exporter's retry policy, that honours a receiver's
 * throttling answer.
 *
 * <p>Why Traceguard's own: the SDK's senders (JDK and OkHttp) retry 429, 502, 503 and 504 on their own back-off and
 * neither read {@code Retry-After} nor hand the response's headers to the exporter, so a receiver asking for quiet
 * gets the next attempt a second later, and the retry buffer cannot know how long to wait. This sender stops
 * retrying when such an answer carries {@code Retry-After} (seconds or an HTTP date) and reports the wait in its
 * {@link Answer}, which {@link RetryingSpanExporter} reads through {@link ExportFailure}. Everything else follows
 * the SDK's sender: content type, compression, headers from the supplier on each attempt, time-outs, TLS, proxy,
 * the executor given in the configuration, a bound on the response body read. Sends on the executor, never on the
 * caller's thread. Thread-safe.
 */
final class ThrottlingHttpSender extends PolicySender<ThrottlingHttpSender.Answer> implements HttpSender {
  private static final List<Integer> RETRYABLE = List.of(429, 502, 503, 504);

  private final HttpSenderConfig config;
  private final HttpClient client;
  private final long maxBodyBytes;

  ThrottlingHttpSender(HttpSenderConfig config) {
    super(config.getRetryPolicy(), config.getExecutorService(), "traceguard-otlp-http");
    this.config = config;
    HttpClient.Builder builder = HttpClient.newBuilder().executor(executor());
    if (config.getConnectTimeout() != null) {
      builder.connectTimeout(config.getConnectTimeout());
    }
    if (config.getSslContext() != null) {
      builder.sslContext(config.getSslContext());
    }
    ProxyOptions proxy = config.getProxyOptions();
    if (proxy != null) {
      builder.proxy(proxy.getProxySelector());
    }
    this.client = builder.build();
    long limit = config.getMaxResponseBodySize();
    this.maxBodyBytes = limit > 0 ? limit : 4L * 1024 * 1024;
  }

  @Override
  public void send(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    byte[] body;
    try {
      body = message(writer, config.getCompressor());
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
      return;
    }
    submit(body, onResponse, onError);
  }

  @Override
  boolean worthAnotherAttempt(Answer answer) {
    return RETRYABLE.contains(answer.statusCode()) && answer.retryAfter().isZero();
  }

  @Override
  Answer sendOnce(byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(config.getEndpoint())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", config.getContentType());
    if (config.getTimeout() != null && !config.getTimeout().isZero()) {
      request.timeout(config.getTimeout());
    }
    Compressor compressor = config.getCompressor();
    if (compressor != null) {
      request.header("Content-Encoding", compressor.getEncoding());
    }
    Supplier<Map<String, List<String>>> headers = config.getHeadersSupplier();
    Map<String, List<String>> values = headers == null ? null : headers.get();
    if (values != null) {
      values.forEach((name, list) -> list.forEach(value -> request.header(name, value)));
    }
    java.net.http.HttpResponse<InputStream> response =
        client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    byte[] responseBody;
    try (InputStream in = response.body()) {
      responseBody = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes));
    }
    Duration retryAfter = RETRYABLE.contains(response.statusCode())
        ? retryAfter(response.headers().firstValue("Retry-After").orElse(null))
        : Duration.ZERO;
    return new Answer(response.statusCode(), reason(response.statusCode()), responseBody, retryAfter);
  }

  /** Reads {@code Retry-After}: delay seconds or an HTTP date; zero when absent, unreadable or in the past. */
  static Duration retryAfter(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return Duration.ZERO;
    }
    String text = value.strip();
    try {
      long seconds = Long.parseLong(text);
      return seconds > 0 ? Duration.ofSeconds(Math.min(seconds, 86_400)) : Duration.ZERO;
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(text,
            DateTimeFormatter.RFC_1123_DATE_TIME));
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notDate) {
        return Duration.ZERO;
      }
    }
  }

  private static String reason(int status) {
    return switch (status) {
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }

  @Override
  public CompletableResultCode shutdown() {
    stopExecutor();
    return CompletableResultCode.ofSuccess();
  }

  /** A receiver's answer, with the wait it asked for (zero when none). */
  record Answer(int statusCode, String statusMessage, byte[] responseBody, Duration retryAfter)
      implements HttpResponse {
    @Override
    public int getStatusCode() {
      return statusCode;
    }

    @Override
    public String getStatusMessage() {
      return statusMessage;
    }

    @Override
    public byte[] getResponseBody() {
      return responseBody;
    }
  }

  /** Creates the sender; chosen over the SDK's senders by {@link TraceguardComponentLoader}. */
  public static final class Provider implements HttpSenderProvider {
    /** Called by the service loader. */
    public Provider() {}

    @Override
    public HttpSender createSender(HttpSenderConfig config) {
      return new ThrottlingHttpSender(config);
    }
  }
}
