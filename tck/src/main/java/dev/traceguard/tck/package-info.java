/**
 * Traceguard's compatibility kits: abstract JUnit 5 classes that hold any implementation of the api interfaces to
 * the rules Traceguard's own implementations follow.
 *
 * <p>To run a kit, extend it in a test class of the implementation's module and implement its one abstract hook
 * method, which hands the kit the implementation under test:
 *
 * <pre>{@code
 * class MyMaskerCompatibilityTest extends PiiMaskerCompatibilityKit {
 *   @Override
 *   protected PiiMasker createMasker() { return new MyMasker(); }
 * }
 * }</pre>
 *
 * <p>Every case has an id (such as {@code tp-version-ff} or {@code email-001}) that appears in its test's display
 * name, and the rule or specification section it checks, so a failure names the rule that was broken. The cases are
 * data files in this package's resources ({@code pii-corpus.tsv}, {@code trace-context-cases.tsv}), read with
 * {@link dev.traceguard.tck.CaseFile}. docs/tck.md lists every kit.
 *
 * <p>Every parameter and return value in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.traceguard.tck;

import org.jspecify.annotations.NullMarked;
