/**
 * The Sentry bridge: {@link dev.traceguard.sentry.SentryErrorListener} sends every error Traceguard records to
 * Sentry, with the event's trace context set to the trace and span the error was recorded on. See {@code
 * docs/correlation.md}.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.sentry;

import org.jspecify.annotations.NullMarked;
