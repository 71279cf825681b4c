/**
 * Traceguard for CDI 4: what applications touch directly.
 *
 * <p>Most of the integration needs no code: with {@code traceguard-cdi} in the application, {@link
 * dev.traceguard.api.Traced @Traced} beans are traced, and {@code OpenTelemetry}, {@code Tracer}, {@code Span},
 * {@code TracingConfig}, {@code TracingRuntime}, {@code ExceptionTracer}, {@code Propagator} and {@code PiiMasker}
 * can be injected. This package holds the few types used by hand: {@link dev.traceguard.cdi.ContextPropagation},
 * which carries the current trace into executors, and the qualifier {@link dev.traceguard.cdi.TraceguardExporter},
 * which adds an application's own span exporter. Everything else lives in {@code dev.traceguard.cdi.internal} and
 * is not an API.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.cdi;

import org.jspecify.annotations.NullMarked;
