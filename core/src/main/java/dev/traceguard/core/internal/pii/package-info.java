/**
 * Finding and masking personal data and secrets in the strings Traceguard exports: {@link
 * dev.traceguard.core.internal.pii.ScanningPiiMasker} (the masker), the one-pass scanner over one detector class per
 * format, the rewrite buffer, the custom patterns' budget, and the redaction of HTTP header and query values. Not an
 * API: other modules must not import this package.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.core.internal.pii;

import org.jspecify.annotations.NullMarked;
