package dev.traceguard.tck;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The business interface of the bean that {@link TracedInterceptorCompatibilityKit} calls through the
 * implementation's container; {@link TracedKitBean} implements it with {@code @Traced} bindings. Each method does
 * the least its name says, so that every span the kit sees comes from the interception alone.
 */
public interface KitService {

  /** Returns {@code "ok " + input}; traced with the class's binding (INTERNAL, default name). */
  String succeed(String input);

  /** Returns the span id of {@code Span.current()} while the method runs. */
  String currentSpanId();

  /** Throws {@code error}; traced with the class's binding. */
  void fail(RuntimeException error);

  /** Throws the checked {@code error}; traced with the class's binding. */
  void failChecked(Exception error) throws Exception;

  /** Throws the {@link Error} {@code error}; traced with the class's binding. */
  void failWithError(Error error);

  /** Returns {@code stage} itself; the span must end when it completes. */
  @Nullable
  CompletionStage<String> later(@Nullable CompletionStage<String> stage);

  /** Declared to return a stage but throws {@code error} before returning one. */
  CompletionStage<String> laterOrThrow(RuntimeException error);

  /** Throws {@code error} when not null; traced as a SERVER span named {@value TracedKitBean#SERVE_SPAN}. */
  void serve(@Nullable RuntimeException error);

  /** Returns {@code "untraced"}; opted out with {@code @Traced(enabled = false)}. */
  String untraced();
}
