package dev.traceguard.core.internal;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.core.TraceguardAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleSpanExporterTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String NL = System.lineSeparator();

  private final InMemorySpanExporter memory = InMemorySpanExporter.create();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ConsoleSpanExporter exporter =
      new ConsoleSpanExporter(new PrintStream(bytes, false, StandardCharsets.UTF_8));

  /** One trace id for every span, span ids 0000000000000001, 0000000000000002, ... in start order. */
  private static final class SequentialIds implements IdGenerator {
    private final AtomicLong next = new AtomicLong();

    @Override
    public String generateSpanId() {
      return String.format(Locale.ROOT, "%016x", next.incrementAndGet());
    }

    @Override
    public String generateTraceId() {
      return TRACE_ID;
    }
  }

  private Tracer tracer(Resource resource) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource)
        .setIdGenerator(new SequentialIds())
        .addSpanProcessor(SimpleSpanProcessor.create(memory))
        .build();
    return provider.get("console-test");
  }

  private Tracer tracer() {
    return tracer(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "demo-gateway")));
  }

  private SpanData finished(String name) {
    return memory.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** A SERVER span of 12.345678 ms and its INTERNAL child that fails with an error code. */
  private void serverWithFailingChild(Tracer tracer) {
    Span server = tracer.spanBuilder("GET /api/users/{id}")
        .setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(1_000_000_000L, NANOSECONDS)
        .startSpan();
    Span child = tracer.spanBuilder("load user")
        .setParent(Context.root().with(server))
        .setStartTimestamp(1_001_000_000L, NANOSECONDS)
        .startSpan();
    child.setStatus(StatusCode.ERROR, "no such user");
    child.setAttribute(TraceguardAttributes.ERROR_TYPE, "dev.example.UserNotFoundException");
    child.setAttribute(TraceguardAttributes.ERROR_CODE, 40401L);
    child.setAttribute(TraceguardAttributes.ERROR_DOMAIN, "users");
    child.end(1_003_500_000L, NANOSECONDS);
    server.end(1_012_345_678L, NANOSECONDS);
  }

  @Test
  void export_serverSpan_printsExactLine() {
    serverWithFailingChild(tracer());

    CompletableResultCode result = exporter.export(List.of(finished("GET /api/users/{id}")));

    assertThat(result.isSuccess()).isTrue();
    assertThat(printed()).isEqualTo(
        "traceguard demo-gateway SERVER 'GET /api/users/{id}' 12.346 ms UNSET trace=" + TRACE_ID
            + " span=0000000000000001 parent=-" + NL);
  }

  @Test
  void export_errorSpanWithErrorCode_printsErrorTypeCodeAndDomain() {
    serverWithFailingChild(tracer());

    exporter.export(List.of(finished("load user")));

    assertThat(printed()).isEqualTo(
        "traceguard demo-gateway INTERNAL 'load user' 2.500 ms ERROR trace=" + TRACE_ID
            + " span=0000000000000002 parent=0000000000000001"
            + " error.type=dev.example.UserNotFoundException error.code=40401 error.domain=users" + NL);
  }

  @Test
  void export_errorTypeWithoutErrorStatus_stillPrintsErrorType() {
    Span span = tracer().spanBuilder("retry").setStartTimestamp(5_000_000_000L, NANOSECONDS).startSpan();
    span.setAttribute(TraceguardAttributes.ERROR_TYPE, "timeout");
    span.end(5_001_000_000L, NANOSECONDS);

    exporter.export(memory.getFinishedSpanItems());

    assertThat(printed()).isEqualTo(
        "traceguard demo-gateway INTERNAL 'retry' 1.000 ms UNSET trace=" + TRACE_ID
            + " span=0000000000000001 parent=- error.type=timeout" + NL);
  }

  @Test
  void export_severalSpans_printsOneLinePerSpanInOrder() {
    serverWithFailingChild(tracer());
    List<SpanData> spans = List.of(finished("GET /api/users/{id}"), finished("load user"));

    exporter.export(spans);

    assertThat(printed()).endsWith(NL);
    assertThat(printed().split(NL, -1)).hasSize(3).satisfies(lines -> {
      assertThat(lines[0]).startsWith("traceguard demo-gateway SERVER 'GET /api/users/{id}' ");
      assertThat(lines[1]).startsWith("traceguard demo-gateway INTERNAL 'load user' ");
      assertThat(lines[2]).isEmpty();
    });
  }

  @Test
  void export_resourceWithoutServiceName_printsDash() {
    Span span =
        tracer(Resource.empty()).spanBuilder("anonymous").setStartTimestamp(7_000_000_000L, NANOSECONDS).startSpan();
    span.end(7_000_000_000L, NANOSECONDS);

    exporter.export(memory.getFinishedSpanItems());

    assertThat(printed()).startsWith("traceguard - INTERNAL 'anonymous' 0.000 ms UNSET ");
  }

  @Test
  void export_defaultLocaleWithDecimalComma_stillPrintsDecimalPoint() {
    Locale original = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      serverWithFailingChild(tracer());

      exporter.export(List.of(finished("GET /api/users/{id}")));
    } finally {
      Locale.setDefault(original);
    }

    assertThat(printed()).contains(" 12.346 ms ");
  }

  @Test
  void flushAndShutdown_always_succeed() {
    assertThat(exporter.flush().isSuccess()).isTrue();
    assertThat(exporter.shutdown().isSuccess()).isTrue();
    assertThat(exporter).hasToString("ConsoleSpanExporter");
  }
}
