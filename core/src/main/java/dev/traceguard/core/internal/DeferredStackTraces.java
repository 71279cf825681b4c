package dev.traceguard.core.internal;

import dev.traceguard.api.StackTraceMode;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.sdk.common.internal.ExceptionAttributeResolver;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.internal.SdkTracerProviderUtil;

/**
 * Takes the text of a recorded exception's stack trace off the request thread, where {@link
 * Throwable#getStackTrace()} alone costs tens of microseconds for a server's usual hundred frames.
 *
 * <p>The runtime's SDK records exceptions with a resolver that writes only {@code exception.type} and {@code
 * exception.message}; the SDK's event keeps the {@code Throwable} ({@code ExceptionEventData}). On the export thread
 * {@link RenderingSpanExporter} renders {@code exception.stacktrace} ({@link StackTraceRenderer}) and {@link
 * MaskingSpanExporter} masks it. An exception on a span that is never exported (unsampled, dropped) never has its
 * stack trace rendered. The resolver is installed through the SDK's internal {@code SdkTracerProviderUtil}: a hook
 * the SDK does not promise to keep, pinned here by the SDK version Traceguard builds against. Stateless.
 */
public final class DeferredStackTraces {
  /** Writes the type and the message, never the stack trace; a {@code getMessage()} that throws leaves it out. */
  static final ExceptionAttributeResolver TYPE_AND_MESSAGE = (setter, error, maxLength) -> {
    setter.setAttribute(TraceguardAttributes.EXCEPTION_TYPE, error.getClass().getName());
    String message;
    try {
      message = error.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      return; // the event still tells the type; the message cannot be had
    }
    if (message != null) {
      setter.setAttribute(TraceguardAttributes.EXCEPTION_MESSAGE, message);
    }
  };

  private DeferredStackTraces() {}

  /** The stack-trace mode {@code config} asks for: {@link StackTraceMode#FULL} in debug, else its own. */
  public static StackTraceMode mode(TracingConfig config) {
    return config.isDebug() ? StackTraceMode.FULL : config.stackTraceMode();
  }

  /** Makes the tracer provider being built record exceptions without rendering their stack traces. */
  static void install(SdkTracerProviderBuilder tracerProvider) {
    SdkTracerProviderUtil.setExceptionAttributeResolver(tracerProvider, TYPE_AND_MESSAGE);
  }
}
