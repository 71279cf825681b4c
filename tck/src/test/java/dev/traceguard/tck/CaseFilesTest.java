package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of the propagator's and the exception tracer's case files: what makes a failure name its rule. */
class CaseFilesTest {

  private static final List<CaseFile.Row> TRACE_CONTEXT = CaseFile.read(PropagatorCompatibilityKit.class,
      PropagatorCompatibilityKit.CASES, List.of("id", "section", "request", "traceparent", "tracestate", "baggage"));
  private static final List<CaseFile.Row> EXCEPTION_STATUS = CaseFile.read(ExceptionTracerCompatibilityKit.class,
      ExceptionTracerCompatibilityKit.STATUS_CASES, List.of("id", "rule", "kind", "error", "http", "status"));

  @Test
  void traceContextCases_idsUniqueWithAKnownPrefix() {
    assertThat(TRACE_CONTEXT).hasSize(117);
    assertThat(TRACE_CONTEXT).extracting(row -> row.get(0)).doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).matches("(tp|tr|ts|bg)-[a-z0-9-]+"));
  }

  @Test
  void traceContextCases_sectionsNameARecommendationAndAnchor() {
    assertThat(TRACE_CONTEXT).extracting(row -> row.get(1))
        .allSatisfy(section -> assertThat(section).matches("(TC1|TC2|TCED|BAGGAGE)#[a-z0-9-]+"));
  }

  @Test
  void traceContextCases_everyRowChecksSomething() {
    assertThat(TRACE_CONTEXT).allSatisfy(row -> assertThat(row.columns().subList(3, 6)).as(row.get(0))
        .anySatisfy(check -> assertThat(check).isNotEqualTo("-")));
  }

  @Test
  void exceptionStatusCases_idsUniqueAndStatusesKnown() {
    assertThat(EXCEPTION_STATUS).hasSize(16);
    assertThat(EXCEPTION_STATUS).extracting(row -> row.get(0)).doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).startsWith("et-status-"));
    assertThat(EXCEPTION_STATUS).extracting(row -> row.get(5)).containsOnly("ERROR", "UNSET");
  }
}
