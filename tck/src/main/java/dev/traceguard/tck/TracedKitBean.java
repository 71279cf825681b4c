package dev.traceguard.tck;

import dev.traceguard.api.Traced;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.context.Dependent;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The {@code @Traced} bean of {@link TracedInterceptorCompatibilityKit}: traced at class level, with one method
 * overriding name and kind and one opting out. An implementation deploys it in its container (the tck jar has no
 * {@code beans.xml}, so it is never discovered by accident) and hands the kit the container's intercepted instance.
 *
 * <p>Stateless; thread-safe.
 */
@Dependent
@Traced
public class TracedKitBean implements KitService {

  /** The span name of {@link #serve}: {@value}. */
  public static final String SERVE_SPAN = "kit.serve";

  /** Creates the bean; the container calls it. */
  public TracedKitBean() {}

  @Override
  public String succeed(String input) {
    return "ok " + input;
  }

  @Override
  public String currentSpanId() {
    return Span.current().getSpanContext().getSpanId();
  }

  @Override
  public void fail(RuntimeException error) {
    throw error;
  }

  @Override
  public void failChecked(Exception error) throws Exception {
    throw error;
  }

  @Override
  public void failWithError(Error error) {
    throw error;
  }

  @Override
  public @Nullable CompletionStage<String> later(@Nullable CompletionStage<String> stage) {
    return stage;
  }

  @Override
  public CompletionStage<String> laterOrThrow(RuntimeException error) {
    throw error;
  }

  @Override
  @Traced(value = SERVE_SPAN, kind = SpanKind.SERVER)
  public void serve(@Nullable RuntimeException error) {
    if (error != null) {
      throw error;
    }
  }

  @Override
  @Traced(enabled = false)
  public String untraced() {
    return "untraced";
  }
}
