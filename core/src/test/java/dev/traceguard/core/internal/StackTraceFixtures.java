package dev.traceguard.core.internal;

import java.util.List;
import java.util.function.UnaryOperator;

/** Throwables with known frames, and masks that tell what they were given: shared by the stack-trace tests. */
final class StackTraceFixtures {
  private StackTraceFixtures() {}

  /** An exception thrown at {@code line} of {@code Users.find}, two frames below it. */
  static IllegalStateException thrownAt(int line, String message) {
    IllegalStateException error = new IllegalStateException(message);
    error.setStackTrace(new StackTraceElement[] {
      new StackTraceElement("com.example.Users", "find", "Users.java", line),
      new StackTraceElement("com.example.UserResource", "get", "UserResource.java", 12),
      new StackTraceElement("com.example.Server", "handle", "Server.java", 99)
    });
    return error;
  }

  /** A mask that returns what {@code mask} does and records every text it was given in {@code masked}. */
  static UnaryOperator<String> recordedIn(List<String> masked, UnaryOperator<String> mask) {
    return text -> {
      masked.add(text);
      return mask.apply(text);
    };
  }

  /** A mask that changes nothing and records every text it was given in {@code masked}. */
  static UnaryOperator<String> recordedIn(List<String> masked) {
    return recordedIn(masked, UnaryOperator.identity());
  }
}
