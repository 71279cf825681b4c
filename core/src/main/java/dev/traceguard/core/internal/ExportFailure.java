package dev.traceguard.core.internal;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a failed export's result says, read from its failure throwable: whether sending the same spans again can
 * succeed, how long the receiver asked to be left alone, and one line an operator can act on.
 *
 * <p>The SDK's exporters fail with {@link FailedExportException} carrying the HTTP response or gRPC status, or the
 * I/O error. Following the OTLP specification's retry rules, a client error (HTTP 4xx other than 408 and 429; gRPC
 * {@code INVALID_ARGUMENT}, {@code PERMISSION_DENIED} and the like) is a rejection: the same batch would be refused
 * again, so it is dropped rather than kept at the head of the retry buffer, where it would stop every span behind
 * it. Everything else (connection refused, time-outs, 5xx, {@code UNAVAILABLE}, an unknown failure) is worth
 * another attempt.
 */
record ExportFailure(boolean retryable, Duration retryAfter, String description) {
  private static final int MAX_DESCRIPTION = 200;
  // A server's older SDK (Payara's 1.29, under traceguard-all-mp) has results without a failure throwable; calling
  // those methods there throws NoSuchMethodError, which would end the batch processor's worker thread.
  private static final boolean RESULTS_CARRY_THROWABLE =
      SdkMethods.has(CompletableResultCode.class, "getFailureThrowable")
          && SdkMethods.has(CompletableResultCode.class, "failExceptionally", Throwable.class);

  /** The failure throwable of {@code result}: null when it has none, or when this SDK's results carry none. */
  static @Nullable Throwable thrown(CompletableResultCode result) {
    return RESULTS_CARRY_THROWABLE ? result.getFailureThrowable() : null;
  }

  /** Fails {@code outcome} with {@code cause} where this SDK's results carry one, else plainly. */
  static void fail(CompletableResultCode outcome, @Nullable Throwable cause) {
    if (cause != null && RESULTS_CARRY_THROWABLE) {
      outcome.failExceptionally(cause);
    } else {
      outcome.fail();
    }
  }

  /** A failed result, with {@code cause} where this SDK's results carry one. */
  static CompletableResultCode failed(Throwable cause) {
    CompletableResultCode result = new CompletableResultCode();
    fail(result, cause);
    return result;
  }

  /** Reads {@code failure}, the result's failure throwable, which is null when the exporter gave no reason. */
  static ExportFailure of(@Nullable Throwable failure) {
    if (failure == null) {
      return new ExportFailure(true, Duration.ZERO, "the exporter reported a failure without a cause");
    }
    try {
      ExportFailure answered = SdkFailures.read(failure);
      if (answered != null) {
        return answered;
      }
    } catch (LinkageError e) {
      // On a server's SDK (traceguard-all-mp), the SDK's failure types may be older or not visible to the
      // application; a failure there is then none of them, and is read as any other.
    }
    return new ExportFailure(true, Duration.ZERO, clip(describe(failure)));
  }

  /**
   * The SDK exporters' failures that carry the receiver's answer. Apart, so that only reading one of them needs the
   * SDK's exporter types.
   */
  private static final class SdkFailures {
    private static final Set<GrpcStatusCode> REJECTING = EnumSet.of(GrpcStatusCode.INVALID_ARGUMENT,
        GrpcStatusCode.NOT_FOUND, GrpcStatusCode.ALREADY_EXISTS, GrpcStatusCode.PERMISSION_DENIED,
        GrpcStatusCode.UNAUTHENTICATED, GrpcStatusCode.FAILED_PRECONDITION, GrpcStatusCode.UNIMPLEMENTED);

    /** The receiver's answer in {@code failure}; null when it holds none. */
    static @Nullable ExportFailure read(Throwable failure) {
      if (failure instanceof FailedExportException.HttpExportException http && http.getResponse() != null) {
        return ofHttp(http.getResponse());
      }
      if (failure instanceof FailedExportException.GrpcExportException grpc && grpc.getResponse() != null) {
        GrpcStatusCode status = grpc.getResponse().getStatusCode();
        String detail = grpc.getResponse().getStatusDescription();
        Duration retryAfter = grpc.getResponse() instanceof ThrottlingGrpcSender.Answer answer
            ? answer.retryAfter()
            : Duration.ZERO;
        return new ExportFailure(!REJECTING.contains(status), retryAfter,
            clip("gRPC " + status + (detail == null || detail.isBlank() ? "" : ": " + detail)
                + (retryAfter.isZero() ? "" : ", retry in " + retryAfter.toMillis() + " ms")));
      }
      return null;
    }

    private static ExportFailure ofHttp(HttpResponse response) {
      int status = response.getStatusCode();
      boolean rejected = status >= 400 && status < 500 && status != 408 && status != 429;
      String message = response.getStatusMessage();
      Duration retryAfter =
          response instanceof ThrottlingHttpSender.Answer answer ? answer.retryAfter() : Duration.ZERO;
      return new ExportFailure(!rejected, retryAfter,
          clip("HTTP " + status + (message == null || message.isBlank() ? "" : " " + message)
              + (retryAfter.isZero() ? "" : ", Retry-After " + retryAfter.toSeconds() + " s")));
    }
  }

  /** The innermost cause in words: what refused, timed out or could not be resolved. */
  private static String describe(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
      if (root instanceof ConnectException || root instanceof HttpTimeoutException || root instanceof SSLException
          || root instanceof UnknownHostException) {
        break; // these say it best; their causes are the mechanism's details
      }
      root = root.getCause();
    }
    if (root instanceof ConnectException) {
      return "connection refused";
    }
    if (root instanceof HttpTimeoutException || root instanceof SocketTimeoutException) {
      return "timed out";
    }
    if (root instanceof UnknownHostException) {
      return "unknown host " + root.getMessage();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static String clip(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= MAX_DESCRIPTION ? oneLine : oneLine.substring(0, MAX_DESCRIPTION) + "…";
  }
}
