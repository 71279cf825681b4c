package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.TraceguardException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Holds a {@link dev.traceguard.api.Traced @Traced} interceptor to its recording rules: one span per call, current
 * while the method runs and child of the span current before; an exception recorded (event, {@code error.type},
 * {@code error.code}/{@code error.domain}, status per span kind with a 4xx leaving a SERVER span UNSET) and rethrown
 * as the very same instance; the span always ended and the scope closed; a {@link CompletionStage} result ending the
 * span when it completes; opted-out methods untraced.
 *
 * <p>The kit calls {@link TracedKitBean} through the implementation's container. Each test's display name starts
 * with its case id ({@code int-...}).
 *
 * <p>Extend it in a test class and implement {@link #deploy(Class)}; JUnit creates one instance per test, and the
 * kit closes each deployment after its test.
 */
public abstract class TracedInterceptorCompatibilityKit {

  private static final long ASYNC_WAIT_MILLIS = 10_000;

  private @Nullable Deployment deployment;

  /** For subclasses. */
  protected TracedInterceptorCompatibilityKit() {}

  /**
   * A running container with {@link TracedKitBean} deployed, its interceptor enabled and every span it ends recorded.
   * Used from the test's thread, plus the thread that completes a stage.
   */
  public interface Deployment extends AutoCloseable {

    /** Returns the container's instance of the bean, its calls intercepted; the same instance on every call. */
    KitService service();

    /**
     * Returns every span ended so far, oldest first, after flushing whatever the implementation's span processor
     * still holds. Never null.
     */
    List<SpanData> finishedSpans();

    /** Shuts the container down. Must not throw. */
    @Override
    void close();
  }

  /**
   * Starts a container with {@code beanClass} ({@link TracedKitBean}) deployed and the implementation's {@code
   * @Traced} interceptor enabled, tracing with a sampler that records every span and with Traceguard's default
   * settings (a 4xx leaves a SERVER span UNSET). Called before each test.
   *
   * @param beanClass the bean class to deploy
   * @return the running deployment, not null
   */
  protected abstract Deployment deploy(Class<? extends KitService> beanClass);

  @BeforeEach
  void deployKitBean() {
    deployment = deploy(TracedKitBean.class);
  }

  @AfterEach
  void closeDeployment() {
    if (deployment != null) {
      deployment.close();
    }
  }

  @Test
  @DisplayName("int-span: one INTERNAL span per call, named SimpleClassName.method, ended, status UNSET")
  void call_tracedMethod_oneEndedInternalSpan() {
    assertThat(service().succeed("a")).isEqualTo("ok a");

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("TracedKitBean.succeed");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  @DisplayName("int-method-binding: a method's @Traced overrides the class's name and kind")
  void call_methodWithOwnBinding_itsNameAndKind() {
    service().serve(null);

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo(TracedKitBean.SERVE_SPAN);
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
  }

  @Test
  @DisplayName("int-opt-out: @Traced(enabled = false) gives no span")
  void call_optedOutMethod_noSpan() {
    assertThat(service().untraced()).isEqualTo("untraced");
    service().succeed("b");

    assertThat(spans()).extracting(SpanData::getName).containsExactly("TracedKitBean.succeed");
  }

  @Test
  @DisplayName("int-current: the span is current during the call, and nothing is after it")
  void call_tracedMethod_spanCurrentInsideOnly() {
    String inside = service().currentSpanId();

    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(onlySpan().getSpanId()).isEqualTo(inside);
  }

  @Test
  @DisplayName("int-parent: the span is a child of the span current at the call")
  void call_underCurrentSpan_childOfIt() {
    SpanContext outer = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        TraceFlags.getSampled(), TraceState.getDefault());
    try (Scope scope = Span.wrap(outer).makeCurrent()) {
      service().succeed("c");
      assertThat(Span.current().getSpanContext()).isEqualTo(outer);
    }

    SpanData span = onlySpan();
    assertThat(span.getTraceId()).isEqualTo(outer.getTraceId());
    assertThat(span.getParentSpanId()).isEqualTo(outer.getSpanId());
  }

  @Test
  @DisplayName("int-rethrow: a runtime exception is recorded and rethrown as the same instance; span ended ERROR")
  void call_throwsRuntimeException_recordedAndSameInstanceRethrown() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(() -> service().fail(boom)).isSameAs(boom);

    SpanData span = onlySpan();
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ExceptionTracerCompatibilityKit.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(span.getEvents()).hasSize(1);
    EventData event = span.getEvents().get(0);
    assertThat(event.getName()).isEqualTo(ExceptionTracerCompatibilityKit.EXCEPTION_EVENT);
    assertThat(event.getAttributes().get(ExceptionTracerCompatibilityKit.EXCEPTION_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(event.getAttributes().get(ExceptionTracerCompatibilityKit.EXCEPTION_MESSAGE)).isEqualTo("boom");
    assertThat(Span.current().getSpanContext().isValid()).as("scope closed").isFalse();
  }

  @Test
  @DisplayName("int-rethrow-checked: a checked exception is rethrown as the same instance")
  void call_throwsCheckedException_sameInstanceRethrown() {
    IOException disk = new IOException("disk full");

    assertThatThrownBy(() -> service().failChecked(disk)).isSameAs(disk);

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ExceptionTracerCompatibilityKit.ERROR_TYPE)).isEqualTo("java.io.IOException");
  }

  @Test
  @DisplayName("int-rethrow-error: an Error is recorded and rethrown as the same instance; span ended")
  void call_throwsError_sameInstanceRethrown() {
    AssertionError broken = new AssertionError("broken invariant");

    assertThatThrownBy(() -> service().failWithError(broken)).isSameAs(broken);

    SpanData span = onlySpan();
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ExceptionTracerCompatibilityKit.ERROR_TYPE))
        .isEqualTo("java.lang.AssertionError");
  }

  @Test
  @DisplayName("int-error-code: a TraceguardException gives error.code and error.domain; INTERNAL is ERROR even for 4xx")
  void call_throwsTraceguardException_errorCodeRecorded() {
    TraceguardException notFound = new TraceguardException(KitErrorCode.NOT_FOUND, "no such order");

    assertThatThrownBy(() -> service().fail(notFound)).isSameAs(notFound);

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ExceptionTracerCompatibilityKit.ERROR_CODE)).isEqualTo(4040L);
    assertThat(span.getAttributes().get(ExceptionTracerCompatibilityKit.ERROR_DOMAIN)).isEqualTo(KitErrorCode.DOMAIN);
  }

  @Test
  @DisplayName("int-server-4xx: on a SERVER span a 4xx error code leaves the status UNSET, still recorded")
  void call_serverSpanThrows4xx_statusUnsetButRecorded() {
    TraceguardException notFound = new TraceguardException(KitErrorCode.NOT_FOUND, "no such order");

    assertThatThrownBy(() -> service().serve(notFound)).isSameAs(notFound);

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(ExceptionTracerCompatibilityKit.ERROR_CODE)).isEqualTo(4040L);
    assertThat(span.getEvents()).extracting(EventData::getName)
        .containsExactly(ExceptionTracerCompatibilityKit.EXCEPTION_EVENT);
  }

  @Test
  @DisplayName("int-server-5xx: on a SERVER span a 5xx error code sets ERROR")
  void call_serverSpanThrows5xx_statusError() {
    TraceguardException unavailable = new TraceguardException(KitErrorCode.UNAVAILABLE, "store down");

    assertThatThrownBy(() -> service().serve(unavailable)).isSameAs(unavailable);

    assertThat(onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  @DisplayName("int-stage: a CompletionStage result ends the span when it completes, and is returned as it is")
  void call_returnsPendingStage_spanEndsOnCompletion() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();

    CompletionStage<String> returned = service().later(pending);

    assertThat(returned).isSameAs(pending);
    assertThat(spans()).as("no span ended before the stage completes").isEmpty();
    pending.complete("done");
    assertThat(returned.toCompletableFuture().get()).isEqualTo("done");
    SpanData span = awaitOneSpan();
    assertThat(span.getName()).isEqualTo("TracedKitBean.later");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  @DisplayName("int-stage-failed: a stage failing on another thread records its cause and ends the span")
  void call_stageFailsOnAnotherThread_causeRecorded() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    IllegalArgumentException cause = new IllegalArgumentException("bad order");

    service().later(pending);
    CompletableFuture.runAsync(() -> pending.completeExceptionally(new CompletionException(cause)));

    SpanData span = awaitOneSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ExceptionTracerCompatibilityKit.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalArgumentException");
    assertThat(span.getEvents().get(0).getAttributes().get(ExceptionTracerCompatibilityKit.EXCEPTION_MESSAGE))
        .isEqualTo("bad order");
  }

  @Test
  @DisplayName("int-stage-already-failed: a stage returned already failed is recorded and ends the span")
  void call_returnsFailedStage_recorded() {
    CompletableFuture<String> failed = CompletableFuture.failedFuture(new IOException("gone"));

    assertThat(service().later(failed)).isSameAs(failed);

    SpanData span = awaitOneSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ExceptionTracerCompatibilityKit.ERROR_TYPE)).isEqualTo("java.io.IOException");
  }

  @Test
  @DisplayName("int-stage-throws: a stage method throwing before it returns rethrows the same instance; span ended")
  void call_stageMethodThrows_sameInstanceRethrownAndSpanEnded() {
    IllegalStateException early = new IllegalStateException("no executor");

    assertThatThrownBy(() -> service().laterOrThrow(early)).isSameAs(early);

    SpanData span = onlySpan();
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  @DisplayName("int-stage-null: a stage method returning null ends the span at return")
  void call_stageMethodReturnsNull_spanEndedAtReturn() {
    assertThat(service().later(null)).isNull();

    assertThat(onlySpan().getName()).isEqualTo("TracedKitBean.later");
  }

  private Deployment running() {
    Deployment current = deployment;
    if (current == null) {
      throw new IllegalStateException("deploy(Class) has not run");
    }
    return current;
  }

  private KitService service() {
    return running().service();
  }

  private List<SpanData> spans() {
    return running().finishedSpans();
  }

  private SpanData onlySpan() {
    List<SpanData> spans = spans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  /** Waits for the span a stage completion ends, which may happen on another thread. */
  private SpanData awaitOneSpan() {
    long deadline = System.nanoTime() + ASYNC_WAIT_MILLIS * 1_000_000;
    List<SpanData> spans = spans();
    while (spans.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for a span", e);
      }
      spans = spans();
    }
    assertThat(spans).as("spans ended within %d ms", ASYNC_WAIT_MILLIS).hasSize(1);
    return spans.get(0);
  }
}
