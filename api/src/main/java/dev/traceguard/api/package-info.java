/**
 * Traceguard's public API: what applications compile against and what implementations fill.
 *
 * <p>Configuration ({@link dev.traceguard.api.TracingConfig}, {@link dev.traceguard.api.PropertySource}), the
 * error-code model ({@link dev.traceguard.api.ErrorCode}, {@link dev.traceguard.api.TraceguardException},
 * {@link dev.traceguard.api.ErrorCodeRegistry}), the interfaces the core module implements
 * ({@link dev.traceguard.api.ExceptionTracer}, {@link dev.traceguard.api.Propagator},
 * {@link dev.traceguard.api.PiiMasker}) and the annotations {@link dev.traceguard.api.Traced} and
 * {@link dev.traceguard.api.SpanAttribute}.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.api;

import org.jspecify.annotations.NullMarked;
