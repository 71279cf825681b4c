package dev.traceguard.core.internal;

import dev.traceguard.api.Propagator;
import dev.traceguard.tck.PropagatorCompatibilityKit;
import java.util.List;

/** {@link W3CPropagator}, for W3C Trace Context and W3C Baggage, against the TCK's W3C cases. */
// snippet:kit
class W3CPropagatorCompatibilityTest extends PropagatorCompatibilityKit {

  @Override
  protected Propagator createPropagator() {
    return W3CPropagator.create(List.of("tracecontext", "baggage"));
  }
}
// end:kit
