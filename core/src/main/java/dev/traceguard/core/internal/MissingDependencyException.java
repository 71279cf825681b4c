package dev.traceguard.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * A configured component whose optional dependency the application did not add. The SDK's autoconfigure wraps it as
 * the cause of its own configuration error; Traceguard's start-up finds it there and reports {@link #rule()} as one
 * invalid property.
 */
final class MissingDependencyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String rule;

  MissingDependencyException(String property, String value, String artifacts) {
    super(property + "='" + value + "': needs " + artifacts + " on the class path (docs/exporters.md)");
    this.rule = getMessage();
  }

  /** The line start-up reports: the property, its value and the dependency to add. */
  String rule() {
    return rule;
  }

  /** Whether {@code className} loads from {@code loader}, without initializing it. */
  static boolean present(String className, @Nullable ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
