/**
 * The code the user documentation shows (docs/cdi.md, configuration.md, correlation.md, jaxrs.md,
 * troubleshooting.md), compiled with the examples' tests so that it cannot drift from the API; module starter's
 * DocSnippetsTest checks that each page shows exactly these lines.
 */
@NullMarked
package dev.traceguard.examples.docs;

import org.jspecify.annotations.NullMarked;
