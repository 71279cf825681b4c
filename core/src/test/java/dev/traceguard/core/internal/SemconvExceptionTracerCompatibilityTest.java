package dev.traceguard.core.internal;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.api.StackTraceMode;
import dev.traceguard.tck.ExceptionTracerCompatibilityKit;

/** {@link SemconvExceptionTracer}, with Traceguard's default settings, against the TCK's recording rules. */
class SemconvExceptionTracerCompatibilityTest extends ExceptionTracerCompatibilityKit {

  @Override
  protected ExceptionTracer createExceptionTracer() {
    return SemconvExceptionTracer.create(StackTraceMode.SANITIZED, 50, false);
  }
}
