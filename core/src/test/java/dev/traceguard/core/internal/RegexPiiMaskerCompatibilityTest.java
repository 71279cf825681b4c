package dev.traceguard.core.internal;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.tck.PiiMaskerCompatibilityKit;
import java.util.EnumSet;
import java.util.List;

/** {@link RegexPiiMasker}, with every built-in detector on, against the masking corpus of the TCK. */
class RegexPiiMaskerCompatibilityTest extends PiiMaskerCompatibilityKit {

  @Override
  protected PiiMasker createMasker() {
    return RegexPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());
  }
}
