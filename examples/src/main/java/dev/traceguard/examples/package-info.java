/**
 * The runnable three-service demo: an API gateway, a user service and a payment service in one JVM, each a Jersey
 * application on Grizzly with its own Traceguard runtime, printing every finished trace as a tree.
 *
 * <p>Start it with {@code java -jar examples/target/traceguard-demo.jar}; {@link dev.traceguard.examples.Demo}
 * lists the endpoints and settings. Every parameter and return value in this package is non-null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.examples;

import org.jspecify.annotations.NullMarked;
