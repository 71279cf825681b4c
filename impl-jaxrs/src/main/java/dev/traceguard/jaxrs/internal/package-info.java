/**
 * The JAX-RS integration's filters and mappers. Internal: not an API, may change in any release; reached through
 * {@link dev.traceguard.jaxrs.TraceguardFeature} only.
 */
@NullMarked
package dev.traceguard.jaxrs.internal;

import org.jspecify.annotations.NullMarked;
