/**
 * Traceguard for JAX-RS: one public type, {@link dev.traceguard.jaxrs.TraceguardFeature}, which registers the
 * server and client filters and the problem+json exception mappers.
 */
@NullMarked
package dev.traceguard.jaxrs;

import org.jspecify.annotations.NullMarked;
