/**
 * Implementations behind the core engine's public types: not an API. Other modules must not import this package
 * (an ArchUnit test says so); its classes may change in any release.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.core.internal;

import org.jspecify.annotations.NullMarked;
