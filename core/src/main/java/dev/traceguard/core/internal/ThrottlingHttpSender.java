package dev.traceguard.core.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
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
final class ThrottlingHttpSender implements HttpSender {
  private static final List<Integer> RETRYABLE = List.of(429, 502, 503, 504);

  private final HttpSenderConfig config;
  private final HttpClient client;
  private final ExecutorService executor;
  private final boolean ownExecutor;
  private final long maxBodyBytes;

  ThrottlingHttpSender(HttpSenderConfig config) {
    this.config = config;
    ExecutorService given = config.getExecutorService();
    this.ownExecutor = given == null;
    this.executor = given != null ? given : Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "traceguard-otlp-http");
      thread.setDaemon(true);
      return thread;
    });
    HttpClient.Builder builder = HttpClient.newBuilder().executor(executor);
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
      body = body(writer);
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
      return;
    }
    try {
      executor.execute(() -> {
        Answer answer;
        try {
          answer = sendWithRetries(body);
        } catch (IOException | RuntimeException e) {
          onError.accept(e);
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          onError.accept(e);
          return;
        }
        onResponse.accept(answer);
      });
    } catch (RejectedExecutionException e) {
      onError.accept(e);
    }
  }

  private byte[] body(MessageWriter writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(32, writer.getContentLength()));
    Compressor compressor = config.getCompressor();
    try (OutputStream out = compressor == null ? bytes : compressor.compress(bytes)) {
      writer.writeMessage(out);
    }
    return bytes.toByteArray();
  }

  private Answer sendWithRetries(byte[] body) throws IOException, InterruptedException {
    RetryPolicy policy = config.getRetryPolicy();
    int attempts = policy == null ? 1 : Math.max(1, policy.getMaxAttempts());
    for (int attempt = 1; ; attempt++) {
      Answer answer;
      try {
        answer = sendOnce(body);
      } catch (IOException e) {
        if (attempt >= attempts || !retryable(policy, e)) {
          throw e;
        }
        Thread.sleep(backoffMillis(policy, attempt));
        continue;
      }
      if (!RETRYABLE.contains(answer.statusCode()) || !answer.retryAfter().isZero() || attempt >= attempts) {
        return answer;
      }
      Thread.sleep(backoffMillis(policy, attempt));
    }
  }

  private Answer sendOnce(byte[] body) throws IOException, InterruptedException {
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

  private static boolean retryable(@Nullable RetryPolicy policy, IOException e) {
    if (policy != null && policy.getRetryExceptionPredicate() != null) {
      return policy.getRetryExceptionPredicate().test(e);
    }
    return e instanceof ConnectException || e instanceof HttpTimeoutException;
  }

  /** Exponential back-off with full jitter, as the SDK's senders wait between attempts. */
  private static long backoffMillis(@Nullable RetryPolicy policy, int attempt) {
    RetryPolicy p = policy == null ? RetryPolicy.getDefault() : policy;
    double ceiling = p.getInitialBackoff().toMillis() * Math.pow(p.getBackoffMultiplier(), attempt - 1);
    long capped = (long) Math.min(ceiling, p.getMaxBackoff().toMillis());
    return ThreadLocalRandom.current().nextLong(capped + 1);
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
    if (ownExecutor) {
      executor.shutdownNow();
    }
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
