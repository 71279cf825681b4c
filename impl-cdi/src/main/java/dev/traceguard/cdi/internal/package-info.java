/**
 * The CDI integration's extension, interceptor and producers. Internal: not an API, may change in any release;
 * reached through the container only (the extension is registered as a service, the beans are discovered from
 * this jar's {@code beans.xml}).
 */
@NullMarked
package dev.traceguard.cdi.internal;

import org.jspecify.annotations.NullMarked;
