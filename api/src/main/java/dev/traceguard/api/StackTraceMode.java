package dev.traceguard.api;

/** How much of a stack trace an exception event carries, by its name in {@code traceguard.exception.stacktrace}. */
public enum StackTraceMode {
  /** The whole stack trace, as {@link Throwable#printStackTrace()} writes it. */
  FULL("full"),
  /**
   * At most {@link TracingConfig#maxStackFrames()} frames per throwable, personal data masked in every message
   * of the cause chain, absolute file-system paths removed from messages.
   */
  SANITIZED("sanitized"),
  /** No {@code exception.stacktrace} attribute at all. */
  NONE("none");

  private final String configName;

  StackTraceMode(String configName) {
    this.configName = configName;
  }

  /** Returns the name of this mode in {@code traceguard.exception.stacktrace}, for example {@code sanitized}. */
  public String configName() {
    return configName;
  }
}
