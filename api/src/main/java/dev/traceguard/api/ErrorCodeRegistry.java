package dev.traceguard.api;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The error codes an application declares, indexed by domain and number so that no two codes share both.
 *
 * <p>Register codes at start-up; a clash fails fast with a message naming both codes. Thread-safe: lookups may run
 * on request threads while registration is still going on elsewhere.
 */
public final class ErrorCodeRegistry {
  private final Map<Key, ErrorCode> codes = new ConcurrentHashMap<>();

  /** Creates an empty registry. */
  public ErrorCodeRegistry() {}

  /**
   * Registers a code. Registering the same code again is harmless.
   *
   * @return this registry
   * @throws IllegalArgumentException if the code is malformed (blank domain or title, status outside [100, 599]) or
   *     another code already has its domain and number
   */
  public ErrorCodeRegistry register(ErrorCode code) {
    requireNonNull(code, "code");
    validate(code);
    ErrorCode previous = codes.putIfAbsent(new Key(code.domain(), code.code()), code);
    if (previous != null && !previous.equals(code)) {
      throw new IllegalArgumentException(
          "Duplicate error code " + code.domain() + "/" + code.code() + ": " + describe(code)
              + " clashes with " + describe(previous) + ", registered before it");
    }
    return this;
  }

  /**
   * Registers every constant of an enum of codes.
   *
   * @return this registry
   * @throws IllegalArgumentException as {@link #register(ErrorCode)}, for the first bad constant
   */
  public <E extends Enum<E> & ErrorCode> ErrorCodeRegistry registerAll(Class<E> codes) {
    for (E code : requireNonNull(codes, "codes").getEnumConstants()) {
      register(code);
    }
    return this;
  }

  /** Returns the code registered for this domain and number, if any. */
  public Optional<ErrorCode> find(String domain, int code) {
    return Optional.ofNullable(codes.get(new Key(requireNonNull(domain, "domain"), code)));
  }

  /** Returns a snapshot of every registered code, in no particular order. */
  public Collection<ErrorCode> codes() {
    return List.copyOf(codes.values());
  }

  private static void validate(ErrorCode code) {
    String domain = code.domain();
    if (domain == null || domain.isBlank()) {
      throw new IllegalArgumentException("Error code " + describe(code) + " must have a non-blank domain");
    }
    String title = code.title();
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("Error code " + describe(code) + " must have a non-blank title");
    }
    int status = code.httpStatus();
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException(
          "Error code " + describe(code) + " must have an HTTP status in [100, 599], was " + status);
    }
  }

  private static String describe(ErrorCode code) {
    if (code instanceof Enum<?>) {
      Enum<?> constant = (Enum<?>) code;
      return constant.getDeclaringClass().getName() + "." + constant.name();
    }
    return code.getClass().getName() + "(" + code.code() + ")";
  }

  private record Key(String domain, int code) {}
}
