package dev.traceguard.examples.docs;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;

/** docs/cdi.md: the standard's annotations. */
class WithSpanSnippets {
  // snippet:with-span
  @WithSpan("charge card")                              // name; default SimpleClassName.method
  String charge(@SpanAttribute("payment.id") String id,  // attribute key; empty: the parameter's name (-parameters)
                @SpanAttribute long amount) { return id; }

  @WithSpan(kind = SpanKind.CLIENT, inheritContext = false)  // kind honoured; inheritContext=false starts a new trace
  void audit() { }
  // end:with-span
}
