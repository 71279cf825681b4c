/**
 * Traceguard's core engine, public part: what the integration modules ({@code impl-cdi}, {@code impl-jaxrs}) and
 * applications may use of the container-neutral runtime that turns a configuration into OpenTelemetry tracing.
 *
 * <p>{@link dev.traceguard.core.TraceguardAttributes} declares every span attribute key Traceguard writes.
 * Implementations live in {@code dev.traceguard.core.internal}, which no other module may import.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.core;

import org.jspecify.annotations.NullMarked;
