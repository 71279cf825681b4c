/**
 * Service provider interfaces of the core engine: what one integration module implements so that another can find
 * it through {@link java.util.ServiceLoader} without a compile-time dependency between the two (for example
 * {@code impl-jaxrs} taking the runtime that {@code impl-cdi} owns).
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.core.spi;

import org.jspecify.annotations.NullMarked;
