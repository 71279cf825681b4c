package dev.traceguard.core.internal.pii;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.api.PiiMasker;
import dev.traceguard.tck.PiiMaskerCompatibilityKit;
import java.util.EnumSet;
import java.util.List;

/** {@link ScanningPiiMasker}, with every built-in detector on, against the masking corpus of the TCK. */
class ScanningPiiMaskerCompatibilityTest extends PiiMaskerCompatibilityKit {

  @Override
  protected PiiMasker createMasker() {
    return ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());
  }
}
