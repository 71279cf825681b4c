package dev.traceguard.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs a kit subclass in a nested JUnit Jupiter engine and reports its outcome, so a test can assert which of the
 * kit's tests an implementation fails. The subclasses run this way are nested classes, which Surefire does not pick
 * up on its own.
 */
final class KitRun {
  private final EngineExecutionResults results;

  private KitRun(EngineExecutionResults results) {
    this.results = results;
  }

  static KitRun of(Class<?> kitSubclass) {
    return new KitRun(EngineTestKit.engine("junit-jupiter").selectors(selectClass(kitSubclass)).execute());
  }

  /** Returns "method: display name" of every failed test, e.g. "mask_positiveCase_givesExpectedText: card-001 (card, positive)". */
  List<String> failures() {
    return results.testEvents().failed().stream().map(KitRun::name).collect(Collectors.toList());
  }

  /**
   * Returns the case id of every failed test: its display name up to the first space or colon, e.g. "card-001" or
   * "int-rethrow".
   */
  List<String> failedCaseIds() {
    return results.testEvents().failed().stream()
        .map(event -> event.getTestDescriptor().getDisplayName().split("[ :]", 2)[0])
        .collect(Collectors.toCollection(ArrayList::new));
  }

  long succeeded() {
    return results.testEvents().succeeded().count();
  }

  long started() {
    return results.testEvents().started().count();
  }

  private static String name(Event event) {
    TestDescriptor descriptor = event.getTestDescriptor();
    String method = descriptor.getUniqueId().getSegments().stream()
        .filter(s -> s.getType().equals("method") || s.getType().equals("test-factory")
            || s.getType().equals("test-template"))
        .map(UniqueId.Segment::getValue)
        .map(v -> v.substring(0, v.indexOf('(')))
        .findFirst()
        .orElse("?");
    String display = descriptor.getDisplayName();
    return method.equals(display.replace("()", "")) ? method : method + ": " + display;
  }
}
