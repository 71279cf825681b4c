package dev.traceguard.core.internal;

import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What Traceguard's two OTLP senders share: the message written (and compressed) on the caller's thread, sent on
 * the configured executor (or a daemon pool of its own), attempts repeated as the exporter's {@link RetryPolicy}
 * says with exponential back-off and full jitter, as the SDK's senders do, except that an answer asking for a wait
 * ends the attempts at once so the wait can be honoured by the retry buffer. Thread-safe.
 *
 * @param <A> the receiver's answer
 */
abstract class PolicySender<A> {
  private final @Nullable RetryPolicy policy;
  private final ExecutorService executor;
  private final boolean ownExecutor;

  PolicySender(@Nullable RetryPolicy policy, @Nullable ExecutorService given, String threadName) {
    this.policy = policy;
    this.ownExecutor = given == null;
    this.executor = given != null ? given : Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The executor attempts run on; an HTTP client may share it. */
  final ExecutorService executor() {
    return executor;
  }

  /** One attempt. */
  abstract A sendOnce(byte[] body) throws IOException, InterruptedException;

  /** True when another attempt could get a better answer: a retryable status, and no wait asked for. */
  abstract boolean worthAnotherAttempt(A answer);

  /** Writes {@code writer}'s message, compressed with {@code compressor} when given. */
  static byte[] message(MessageWriter writer, @Nullable Compressor compressor) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(32, writer.getContentLength()));
    try (OutputStream out = compressor == null ? bytes : compressor.compress(bytes)) {
      writer.writeMessage(out);
    }
    return bytes.toByteArray();
  }

  /** Sends {@code body} on the executor; exactly one of the two consumers is called. Never throws. */
  final void submit(byte[] body, Consumer<? super A> onAnswer, Consumer<Throwable> onError) {
    try {
      executor.execute(() -> {
        A answer;
        try {
          answer = withRetries(body);
        } catch (IOException | RuntimeException e) {
          onError.accept(e);
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          onError.accept(e);
          return;
        }
        onAnswer.accept(answer);
      });
    } catch (RejectedExecutionException e) {
      onError.accept(e);
    }
  }

  private A withRetries(byte[] body) throws IOException, InterruptedException {
    int attempts = policy == null ? 1 : Math.max(1, policy.getMaxAttempts());
    for (int attempt = 1; ; attempt++) {
      A answer;
      try {
        answer = sendOnce(body);
      } catch (IOException e) {
        if (attempt >= attempts || !retryable(e)) {
          throw e;
        }
        Thread.sleep(backoffMillis(attempt));
        continue;
      }
      if (attempt >= attempts || !worthAnotherAttempt(answer)) {
        return answer;
      }
      Thread.sleep(backoffMillis(attempt));
    }
  }

  private boolean retryable(IOException e) {
    if (policy != null && policy.getRetryExceptionPredicate() != null) {
      return policy.getRetryExceptionPredicate().test(e);
    }
    return e instanceof ConnectException || e instanceof HttpTimeoutException || e instanceof SocketTimeoutException;
  }

  private long backoffMillis(int attempt) {
    RetryPolicy p = policy == null ? RetryPolicy.getDefault() : policy;
    double ceiling = p.getInitialBackoff().toMillis() * Math.pow(p.getBackoffMultiplier(), attempt - 1);
    return ThreadLocalRandom.current().nextLong((long) Math.min(ceiling, p.getMaxBackoff().toMillis()) + 1);
  }

  /**
   * Stops the executor if it is this sender's own, letting an attempt under way finish (its result, and what the
   * exporter logs of it, come while the runtime's shutdown still waits, not after).
   */
  final void stopExecutor() {
    if (ownExecutor) {
      executor.shutdown();
    }
  }
}
