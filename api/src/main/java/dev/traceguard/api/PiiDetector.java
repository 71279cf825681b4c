package dev.traceguard.api;

/**
 * A built-in kind of personal data or secret that Traceguard's masker finds, by its name in {@code
 * traceguard.pii.detectors}. Every detector is on by default.
 */
public enum PiiDetector {
  /** E-mail addresses: {@code alice.smith@example.com} becomes {@code a***@example.com}. */
  EMAIL("email"),
  /** Phone numbers, international and national: the last four digits are kept, {@code ***-***-5678}. */
  PHONE("phone"),
  /** Payment card numbers of 13 to 19 digits that pass the Luhn check: {@code ****-****-****-1111}. */
  CARD("card"),
  /** US social security numbers: {@code ***-**-****}. */
  SSN("ssn"),
  /**
   * International bank account numbers (ISO 13616, spaced or not, mod-97 checked): the country code and the last
   * four characters are kept, {@code DE** **** **** **** **49 31}.
   */
  IBAN("iban"),
  /** Bearer and basic credentials, JWTs, and values of secret-named parameters: {@code [REDACTED]}. */
  SECRET("secret");

  private final String configName;

  PiiDetector(String configName) {
    this.configName = configName;
  }

  /** Returns the name of this detector in {@code traceguard.pii.detectors}, for example {@code email}. */
  public String configName() {
    return configName;
  }
}
