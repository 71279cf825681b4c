package dev.traceguard.core.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import okhttp3.ConnectionSpec;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP/gRPC sender over OkHttp (the transport of the SDK's own OkHttp gRPC sender), with the exporter's retry
 * policy, that honours a receiver's {@code google.rpc.RetryInfo}.
 *
 * <p>Why Traceguard's own: the SDK's gRPC senders read {@code grpc-status} and {@code grpc-message} only, so the
 * retry delay a receiver sends in {@code grpc-status-details-bin} with {@code RESOURCE_EXHAUSTED} or {@code
 * UNAVAILABLE} never reaches the exporter. This sender stops retrying on such an answer and reports the delay in its
 * {@link Answer}, which {@link RetryingSpanExporter} honours like an HTTP {@code Retry-After}. Used only when OkHttp
 * is on the class path (an application exporting over gRPC adds {@code opentelemetry-exporter-sender-okhttp});
 * otherwise the gRPC sender found there is used as it is. Thread-safe.
 */
final class ThrottlingGrpcSender extends PolicySender<ThrottlingGrpcSender.Answer> implements GrpcSender {
  /** The statuses the OTLP specification calls retryable. */
  private static final Set<GrpcStatusCode> RETRYABLE = EnumSet.of(GrpcStatusCode.CANCELLED,
      GrpcStatusCode.DEADLINE_EXCEEDED, GrpcStatusCode.RESOURCE_EXHAUSTED, GrpcStatusCode.ABORTED,
      GrpcStatusCode.OUT_OF_RANGE, GrpcStatusCode.UNAVAILABLE, GrpcStatusCode.DATA_LOSS);

  private final GrpcSenderConfig config;
  private final OkHttpClient client;
  private final String url;

  ThrottlingGrpcSender(GrpcSenderConfig config) {
    super(config.getRetryPolicy(), config.getExecutorService(), "traceguard-otlp-grpc");
    this.config = config;
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    if (config.getTimeout() != null) {
      builder.callTimeout(config.getTimeout());
    }
    if (config.getConnectTimeout() != null) {
      builder.connectTimeout(config.getConnectTimeout());
    }
    String endpoint = config.getEndpoint().toString();
    if (endpoint.startsWith("http://")) {
      builder.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    } else {
      builder.protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
      if (config.getSslContext() != null && config.getTrustManager() != null) {
        builder.sslSocketFactory(config.getSslContext().getSocketFactory(), config.getTrustManager());
      }
    }
    this.client = builder.build();
    this.url = (endpoint.endsWith("/") ? endpoint : endpoint + "/") + config.getFullMethodName();
  }

  @Override
  public void send(MessageWriter writer, Consumer<GrpcResponse> onResponse, Consumer<Throwable> onError) {
    byte[] frame;
    try {
      frame = frame(writer);
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
      return;
    }
    submit(frame, onResponse, onError);
  }

  @Override
  boolean worthAnotherAttempt(Answer answer) {
    return RETRYABLE.contains(answer.statusCode()) && answer.retryAfter().isZero();
  }

  /** The gRPC length-prefixed message: a compressed flag, four bytes of length, the message. */
  private byte[] frame(MessageWriter writer) throws IOException {
    Compressor compressor = config.getCompressor();
    byte[] body = message(writer, compressor);
    byte[] frame = new byte[5 + body.length];
    frame[0] = (byte) (compressor == null ? 0 : 1);
    frame[1] = (byte) (body.length >>> 24);
    frame[2] = (byte) (body.length >>> 16);
    frame[3] = (byte) (body.length >>> 8);
    frame[4] = (byte) body.length;
    System.arraycopy(body, 0, frame, 5, body.length);
    return frame;
  }

  @Override
  Answer sendOnce(byte[] frame) throws IOException {
    Request.Builder request = new Request.Builder().url(url)
        .post(RequestBody.create(frame, MediaType.get("application/grpc")))
        .header("te", "trailers");
    Compressor compressor = config.getCompressor();
    if (compressor != null) {
      request.header("grpc-encoding", compressor.getEncoding());
    }
    Map<String, List<String>> headers = config.getHeadersSupplier() == null ? null : config.getHeadersSupplier().get();
    if (headers != null) {
      headers.forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
    }
    try (Response response = client.newCall(request.build()).execute()) {
      byte[] message;
      ResponseBody body = response.body();
      try (InputStream in = body.byteStream()) {
        message = unframe(in.readNBytes(
            (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1024, config.getMaxResponseBodySize()))));
      }
      Headers trailers = trailersOf(response);
      String status = first(trailers, response, "grpc-status");
      if (status == null) {
        return new Answer(response.isSuccessful() ? GrpcStatusCode.UNKNOWN : fromHttp(response.code()),
            "HTTP " + response.code(), message, Duration.ZERO);
      }
      GrpcStatusCode code = statusOf(status);
      String description = first(trailers, response, "grpc-message");
      String details = first(trailers, response, "grpc-status-details-bin");
      Duration retryAfter =
          RETRYABLE.contains(code) && details != null ? GrpcRetryDelay.of(details) : Duration.ZERO;
      return new Answer(code, description == null ? "" : URLDecoder.decode(description, StandardCharsets.UTF_8),
          message, retryAfter);
    }
  }

  /** The message of a length-prefixed frame; empty when there is none. */
  private static byte[] unframe(byte[] frame) {
    if (frame.length < 5) {
      return new byte[0];
    }
    int length = ((frame[1] & 0xff) << 24) | ((frame[2] & 0xff) << 16) | ((frame[3] & 0xff) << 8) | (frame[4] & 0xff);
    return java.util.Arrays.copyOfRange(frame, 5, 5 + Math.max(0, Math.min(length, frame.length - 5)));
  }

  private static Headers trailersOf(Response response) {
    try {
      return response.trailers();
    } catch (IOException | IllegalStateException e) {
      return Headers.of(); // a trailers-only answer: the status is in the headers
    }
  }

  private static @Nullable String first(Headers trailers, Response response, String name) {
    String value = trailers.get(name);
    return value != null ? value : response.header(name);
  }

  private static GrpcStatusCode statusOf(String value) {
    try {
      return GrpcStatusCode.fromValue(Integer.parseInt(value.strip()));
    } catch (RuntimeException e) {
      return GrpcStatusCode.UNKNOWN;
    }
  }

  /** gRPC's mapping of an HTTP status without a gRPC status, as its specification gives it. */
  private static GrpcStatusCode fromHttp(int status) {
    return switch (status) {
      case 400 -> GrpcStatusCode.INTERNAL;
      case 401 -> GrpcStatusCode.UNAUTHENTICATED;
      case 403 -> GrpcStatusCode.PERMISSION_DENIED;
      case 404 -> GrpcStatusCode.UNIMPLEMENTED;
      case 429, 502, 503, 504 -> GrpcStatusCode.UNAVAILABLE;
      default -> GrpcStatusCode.UNKNOWN;
    };
  }

  @Override
  public CompletableResultCode shutdown() {
    client.dispatcher().cancelAll();
    client.connectionPool().evictAll();
    stopExecutor();
    return CompletableResultCode.ofSuccess();
  }

  /** A receiver's gRPC answer, with the delay its {@code RetryInfo} asked for (zero when none). */
  record Answer(GrpcStatusCode statusCode, String statusDescription, byte[] responseMessage, Duration retryAfter)
      implements GrpcResponse {
    @Override
    public GrpcStatusCode getStatusCode() {
      return statusCode;
    }

    @Override
    public String getStatusDescription() {
      return statusDescription;
    }

    @Override
    public byte[] getResponseMessage() {
      return responseMessage;
    }
  }

  /** Creates the sender; offered by {@link TraceguardComponentLoader} when OkHttp is on the class path. */
  public static final class Provider implements GrpcSenderProvider {
    /** Called by {@link TraceguardComponentLoader}. */
    public Provider() {}

    @Override
    public GrpcSender createSender(GrpcSenderConfig config) {
      return new ThrottlingGrpcSender(config);
    }
  }
}
