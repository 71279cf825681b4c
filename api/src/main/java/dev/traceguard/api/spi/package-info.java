/**
 * Service provider interfaces that applications and optional modules implement to be called by Traceguard:
 * {@link dev.traceguard.api.spi.ErrorListener}, told of every error Traceguard records, with its trace context.
 *
 * <p>Types here use no OpenTelemetry type, so an implementation compiled against the plain API also works with the
 * drop-in jar, whose OpenTelemetry classes are relocated.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.api.spi;

import org.jspecify.annotations.NullMarked;
