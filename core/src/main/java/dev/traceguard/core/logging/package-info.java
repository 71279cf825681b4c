/**
 * Log correlation: the trace context of the current span in log lines, through the SLF4J MDC ({@link
 * dev.traceguard.core.logging.TraceContextMdc}) and through a {@code java.util.logging} formatter ({@link
 * dev.traceguard.core.logging.TraceContextFormatter}). See {@code docs/correlation.md}.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.core.logging;

import org.jspecify.annotations.NullMarked;
