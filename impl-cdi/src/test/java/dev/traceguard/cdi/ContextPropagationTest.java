package dev.traceguard.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes are opened for their effect on Span.current()
class ContextPropagationTest {
  private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);
  private final Span submitter = provider.get("test").spanBuilder("submitter").startSpan();

  @AfterEach
  void close() throws InterruptedException {
    submitter.end();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    provider.close();
  }

  private static final Callable<SpanContext> CURRENT = () -> Span.current().getSpanContext();

  @Test
  void unwrappedExecutor_taskSeesNoSpan() throws Exception {
    Future<SpanContext> seen;
    try (Scope scope = submitter.makeCurrent()) {
      seen = pool.submit(CURRENT);
    }

    assertThat(seen.get(10, TimeUnit.SECONDS).isValid()).isFalse();
  }

  @Test
  void wrappedExecutorService_submitAndInvokeAll_taskSeesTheSubmittersSpan() throws Exception {
    ExecutorService executor = ContextPropagation.wrap((ExecutorService) pool);
    Future<SpanContext> submitted;
    List<Future<SpanContext>> all;
    try (Scope scope = submitter.makeCurrent()) {
      submitted = executor.submit(CURRENT);
      all = executor.invokeAll(List.of(CURRENT, CURRENT));
    }

    assertThat(submitted.get(10, TimeUnit.SECONDS)).isEqualTo(submitter.getSpanContext());
    for (Future<SpanContext> future : all) {
      assertThat(future.get()).isEqualTo(submitter.getSpanContext());
    }
  }

  @Test
  void wrappedExecutor_execute_taskSeesTheSubmittersSpan() throws Exception {
    Executor executor = ContextPropagation.wrap((Executor) pool);
    CompletableFuture<SpanContext> seen = new CompletableFuture<>();
    try (Scope scope = submitter.makeCurrent()) {
      executor.execute(() -> seen.complete(Span.current().getSpanContext()));
    }

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(submitter.getSpanContext());
  }

  @Test
  void wrappedScheduledExecutor_delayedTask_seesTheSpanCurrentWhenScheduled() throws Exception {
    ScheduledExecutorService executor = ContextPropagation.wrap(pool);
    Future<SpanContext> seen;
    try (Scope scope = submitter.makeCurrent()) {
      seen = executor.schedule(CURRENT, 10, TimeUnit.MILLISECONDS);
    }

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(submitter.getSpanContext());
  }

  @Test
  void wrappedScheduledExecutor_apiWithoutScheduledWrapping_everyTaskSeesTheSubmittersSpan() throws Exception {
    ScheduledExecutorService executor = ContextPropagation.wrap(pool, false);
    CompletableFuture<SpanContext> delayedRunnable = new CompletableFuture<>();
    CompletableFuture<SpanContext> atFixedRate = new CompletableFuture<>();
    CompletableFuture<SpanContext> withFixedDelay = new CompletableFuture<>();
    CompletableFuture<SpanContext> executed = new CompletableFuture<>();
    Future<SpanContext> delayedCallable;
    Future<SpanContext> submitted;
    List<Future<SpanContext>> all;
    SpanContext any;
    Future<?> rate;
    Future<?> delay;
    try (Scope scope = submitter.makeCurrent()) {
      delayedCallable = executor.schedule(CURRENT, 10, TimeUnit.MILLISECONDS);
      executor.schedule(() -> delayedRunnable.complete(Span.current().getSpanContext()), 10, TimeUnit.MILLISECONDS);
      rate = executor.scheduleAtFixedRate(() -> atFixedRate.complete(Span.current().getSpanContext()), 0, 5,
          TimeUnit.MILLISECONDS);
      delay = executor.scheduleWithFixedDelay(() -> withFixedDelay.complete(Span.current().getSpanContext()), 0, 5,
          TimeUnit.MILLISECONDS);
      executor.execute(() -> executed.complete(Span.current().getSpanContext()));
      submitted = executor.submit(CURRENT);
      all = new ArrayList<>(executor.invokeAll(List.of(CURRENT), 10, TimeUnit.SECONDS));
      all.addAll(executor.invokeAll(List.of(CURRENT)));
      any = executor.invokeAny(List.of(CURRENT));
      assertThat(executor.invokeAny(List.of(CURRENT), 10, TimeUnit.SECONDS)).isEqualTo(submitter.getSpanContext());
      CompletableFuture<SpanContext> runnable = new CompletableFuture<>();
      executor.submit(() -> runnable.complete(Span.current().getSpanContext()));
      CompletableFuture<SpanContext> withResult = new CompletableFuture<>();
      assertThat(executor.submit(() -> withResult.complete(Span.current().getSpanContext()), "done")
          .get(10, TimeUnit.SECONDS)).isEqualTo("done");
      all.add(runnable);
      all.add(withResult);
    }

    all.addAll(List.of(delayedCallable, delayedRunnable, atFixedRate, withFixedDelay, executed, submitted));
    for (Future<SpanContext> seen : all) {
      assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(submitter.getSpanContext());
    }
    assertThat(any).isEqualTo(submitter.getSpanContext());
    rate.cancel(false);
    delay.cancel(false);
  }

  @Test
  void wrappedScheduledExecutor_apiWithoutScheduledWrapping_lifeCycleIsTheWrappedExecutors() throws Exception {
    ScheduledExecutorService executor = ContextPropagation.wrap(pool, false);

    executor.shutdown();

    assertThat(pool.isShutdown()).isTrue();
    assertThat(executor.isShutdown()).isTrue();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.isTerminated()).isTrue();
    assertThat(executor.shutdownNow()).isEmpty();
  }

  @Test
  void wrappedExecutor_contextCapturedAtSubmissionNotAtWrapping() throws Exception {
    ExecutorService executor;
    try (Scope scope = submitter.makeCurrent()) {
      executor = ContextPropagation.wrap((ExecutorService) pool);
    }

    assertThat(executor.submit(CURRENT).get(10, TimeUnit.SECONDS).isValid()).isFalse();
  }

  @Test
  void wrap_null_throwsNamingTheArgument() {
    assertThatThrownBy(() -> ContextPropagation.wrap((ExecutorService) null))
        .isInstanceOf(NullPointerException.class).hasMessage("executor");
    assertThatThrownBy(() -> ContextPropagation.wrap((Executor) null))
        .isInstanceOf(NullPointerException.class).hasMessage("executor");
    assertThatThrownBy(() -> ContextPropagation.wrap((ScheduledExecutorService) null))
        .isInstanceOf(NullPointerException.class).hasMessage("executor");
  }
}
