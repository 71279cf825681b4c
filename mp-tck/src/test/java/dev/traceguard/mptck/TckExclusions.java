package dev.traceguard.mptck;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.testng.IMethodInstance;
import org.testng.IMethodInterceptor;
import org.testng.ITestContext;

/**
 * Leaves out of the tracing TCK the two test classes whose assertion contradicts a documented Traceguard decision,
 * and nothing else: both deploy without {@code otel.sdk.disabled} and assert that no span is exported (the
 * specification's default is disabled), while Traceguard traces unless {@code otel.sdk.disabled=true}. The reason
 * and the TCK's assertion are in {@code docs/microprofile.md}. Registered in {@code tracing-suite.xml}.
 */
public final class TckExclusions implements IMethodInterceptor {
  /** The excluded classes, fully qualified. */
  static final Set<String> EXCLUDED = Set.of(
      "org.eclipse.microprofile.telemetry.tracing.tck.rest.RestSpanDefaultTest",
      "org.eclipse.microprofile.telemetry.tracing.tck.rest.RestClientSpanDefaultTest");

  /** Created by TestNG. */
  public TckExclusions() {}

  @Override
  public List<IMethodInstance> intercept(List<IMethodInstance> methods, ITestContext context) {
    List<IMethodInstance> kept = new ArrayList<>(methods.size());
    for (IMethodInstance method : methods) {
      if (!EXCLUDED.contains(method.getMethod().getRealClass().getName())) {
        kept.add(method);
      }
    }
    return kept;
  }
}
