package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.span;
import static dev.traceguard.cdi.internal.TestContainers.weld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.traceguard.api.Traced;
import dev.traceguard.api.spi.ErrorListener;
import dev.traceguard.api.spi.ErrorReport;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The MDC inside {@code @Traced} methods, and ErrorListener beans, in a real Weld SE container. */
class CorrelationTest {

  @ApplicationScoped
  public static class ReportingBean implements ErrorListener {
    private final BlockingQueue<ErrorReport> reports = new LinkedBlockingQueue<>();
    private final BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();

    @Override
    public void onError(ErrorReport report) {
      threads.add(Thread.currentThread());
      reports.add(report);
    }

    // Through methods: the test holds the client proxy, whose own fields are never set.
    ErrorReport next(long millis) throws InterruptedException {
      return reports.poll(millis, TimeUnit.MILLISECONDS);
    }

    Thread nextThread() {
      return threads.poll();
    }
  }

  @ApplicationScoped
  public static class Inner {
    @Traced
    public String mdc() {
      return MDC.get("span_id");
    }
  }

  @ApplicationScoped
  public static class Outer {
    @Inject Inner inner;

    @Traced
    public String nested() {
      String before = MDC.get("span_id");
      String inside = inner.mdc();
      String after = MDC.get("span_id");
      return before + " " + inside + " " + after + " " + MDC.get("trace_id");
    }

    @Traced
    public void fail() {
      throw new IllegalStateException("stock service down");
    }
  }

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void tracedMethodsPutTheirSpanIntoTheMdcAndGiveBackTheCallers() {
    WeldContainer container = weld(Outer.class, Inner.class).initialize();
    try {
      TracingRuntime runtime = container.select(TracingRuntime.class).get();
      TestExporter exporter = container.select(TestExporter.class).get();

      String[] seen = container.select(Outer.class).get().nested().split(" ");

      SpanData outer = span(exporter.spans(runtime), "Outer.nested");
      SpanData inner = span(exporter.spans(runtime), "Inner.mdc");
      assertThat(seen).containsExactly(outer.getSpanId(), inner.getSpanId(), outer.getSpanId(), outer.getTraceId());
      assertThat(MDC.get("span_id")).isNull();
      assertThat(MDC.get("trace_id")).isNull();
    } finally {
      container.shutdown();
    }
  }

  @Test
  void errorListenerBeansHearOfErrorsRecordedByTracedMethods() throws Exception {
    WeldContainer container = weld(Outer.class, Inner.class, ReportingBean.class).initialize();
    try {
      TracingRuntime runtime = container.select(TracingRuntime.class).get();
      TestExporter exporter = container.select(TestExporter.class).get();
      ReportingBean listener = container.select(ReportingBean.class).get();

      assertThatIllegalStateException().isThrownBy(() -> container.select(Outer.class).get().fail());

      ErrorReport report = listener.next(5000);
      assertThat(report).isNotNull();
      SpanData failed = span(exporter.spans(runtime), "Outer.fail");
      assertThat(report.error()).hasMessage("stock service down");
      assertThat(report.traceId()).isEqualTo(failed.getTraceId());
      assertThat(report.spanId()).isEqualTo(failed.getSpanId());
      assertThat(listener.nextThread()).isNotSameAs(Thread.currentThread());
      assertThat(listener.next(200)).isNull();
    } finally {
      container.shutdown();
    }
  }
}
