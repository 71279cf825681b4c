package dev.traceguard.tck;

import java.util.List;

/**
 * The PII masking corpus, {@code pii-corpus.tsv} in this package: the cases {@link PiiMaskerCompatibilityKit} holds
 * every masker to, and that implementations' own tests may reuse. The file's header comment describes its columns.
 *
 * <p>Loaded once, on first use; immutable and thread-safe.
 */
public final class PiiCorpus {

  /** The corpus file's name, beside this class: {@value}. */
  public static final String RESOURCE = "pii-corpus.tsv";

  /**
   * One case of the corpus, unescaped.
   *
   * @param id unique id, such as {@code email-001}: its category and a number
   * @param category the kind of data, such as {@code email}, {@code card} or {@code uuid}
   * @param positive true when the input holds personal data and must be masked, false when it must come back as the
   *     same instance
   * @param input the text given to the masker
   * @param expected the masker's expected output (for a negative case, the input again)
   */
  public record Case(String id, String category, boolean positive, String input, String expected) {

    /** Returns the id, so that parameterized tests name the case. */
    @Override
    public String toString() {
      return id;
    }
  }

  private static final List<Case> CASES = load();

  private PiiCorpus() {}

  /** Returns every case in file order; the list is immutable. */
  public static List<Case> cases() {
    return CASES;
  }

  private static List<Case> load() {
    return CaseFile.read(PiiCorpus.class, RESOURCE, List.of("id", "category", "kind", "input", "expected"))
        .stream()
        .map(row -> {
          String kind = row.get(2);
          if (!kind.equals("positive") && !kind.equals("negative")) {
            throw new IllegalStateException(RESOURCE + ":" + row.line() + ": unknown kind '" + kind + "'");
          }
          return new Case(row.get(0), row.get(1), kind.equals("positive"), row.get(3), row.get(4));
        })
        .toList();
  }
}
