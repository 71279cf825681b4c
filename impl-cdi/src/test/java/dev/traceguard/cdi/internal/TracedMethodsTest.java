package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import dev.traceguard.core.RecordingLogHandler;
import io.opentelemetry.api.trace.SpanKind;
import java.lang.annotation.AnnotationTypeMismatchException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The reflection fallback for methods the deployment did not show, and the helpers of the interceptor. */
class TracedMethodsTest {

  private static Method method(Class<?> type, String name) throws NoSuchMethodException {
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(name)) {
        return method;
      }
    }
    throw new NoSuchMethodException(name);
  }

  @Test
  void resolve_methodAnnotation_winsOverTheClasses() throws Exception {
    TracedMethod traced = TracedMethods.resolve(Annotated.class, method(Annotated.class, "named"), null);

    assertThat(traced.spanName()).isEqualTo("custom");
    assertThat(traced.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(traced.isEnabled()).isTrue();
    assertThat(traced.isAsync()).isFalse();
    assertThat(traced.attributeCount()).isEqualTo(1);
  }

  @Test
  void resolve_classAnnotationOnly_defaultNameAndClassKind() throws Exception {
    TracedMethod traced = TracedMethods.resolve(Annotated.class, method(Annotated.class, "plain"), null);

    assertThat(traced.spanName()).isEqualTo("Annotated.plain");
    assertThat(traced.kind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(traced.isAsync()).isTrue();
    assertThat(traced.toString()).isEqualTo("TracedMethod{Annotated.plain, CONSUMER, async, attributes=0}");
  }

  @Test
  void read_kindCompiledAgainstAnotherOpenTelemetry_tracedAsInternalWithAWarning() throws Exception {
    Method method = method(Annotated.class, "named");
    Traced original = method.getAnnotation(Traced.class);
    // What reading kind() does when the application's SpanKind is not the one the annotation type now names, as
    // with the drop-in jar's relocated OpenTelemetry.
    Traced mismatched = (Traced) Proxy.newProxyInstance(Traced.class.getClassLoader(), new Class<?>[] {Traced.class},
        (proxy, called, args) -> {
          if (called.getName().equals("kind")) {
            throw new AnnotationTypeMismatchException(called, "io.opentelemetry.api.trace.SpanKind");
          }
          return called.invoke(original, args);
        });
    Logger logger = Logger.getLogger(TracedMethods.class.getName());
    RecordingLogHandler capture = new RecordingLogHandler();
    List<LogRecord> logged = capture.records();
    logger.addHandler(capture);
    try {
      TracedMethod traced = TracedMethods.read(Annotated.class, method, mismatched, List.of());

      assertThat(traced.spanName()).isEqualTo("custom");
      assertThat(traced.kind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(traced.isEnabled()).isTrue();
    } finally {
      logger.removeHandler(capture);
    }
    assertThat(logged).singleElement().satisfies(record -> {
      assertThat(record.getLevel()).isEqualTo(Level.WARNING);
      assertThat(record.getMessage()).contains("The kind of @Traced on " + method, "The span is INTERNAL",
          "docs/servers.md");
    });
  }

  @Test
  void resolve_optedOut_notEnabled() throws Exception {
    TracedMethod traced = TracedMethods.resolve(Annotated.class, method(Annotated.class, "off"), null);

    assertThat(traced.isEnabled()).isFalse();
    assertThat(traced.toString()).isEqualTo("TracedMethod{Annotated.off, INTERNAL, disabled, attributes=0}");
  }

  @Test
  void resolve_noAnnotationAnywhere_tracedWithTheDefaults() throws Exception {
    TracedMethod traced = TracedMethods.resolve(Bare.class, method(Bare.class, "run"), null);

    assertThat(traced.spanName()).isEqualTo("Bare.run");
    assertThat(traced.kind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(traced.isEnabled()).isTrue();
  }

  @Test
  void resolve_blankAttributeKey_tracedWithoutParameters() throws Exception {
    TracedMethod traced = TracedMethods.resolve(Bare.class, method(Bare.class, "blank"), null);

    assertThat(traced.isEnabled()).isTrue();
    assertThat(traced.attributeCount()).isZero();
  }

  @Test
  void resolve_containerBinding_winsOverReflection() throws Exception {
    Traced binding = Annotated.class.getDeclaredMethod("named", String.class, int.class).getAnnotation(Traced.class);

    TracedMethod traced = TracedMethods.resolve(Bare.class, method(Bare.class, "run"), binding);

    assertThat(traced.spanName()).isEqualTo("custom");
    assertThat(traced.kind()).isEqualTo(SpanKind.SERVER);
  }

  @Test
  void targetClass_containerSubclass_isTheBeanClass() {
    assertThat(TracedInterceptor.targetClass(new Bare$Proxy$_$$_WeldSubclass())).isEqualTo(Bare.class);
    assertThat(TracedInterceptor.targetClass(new Bare())).isEqualTo(Bare.class);
  }

  @Test
  void unwrap_completionExceptionWithCause_givesTheCause() {
    IllegalStateException cause = new IllegalStateException("x");

    assertThat(TracedInterceptor.unwrap(new CompletionException(cause))).isSameAs(cause);
    CompletionException bare = new CompletionException("no cause", null);
    assertThat(TracedInterceptor.unwrap(bare)).isSameAs(bare);
    RuntimeException other = new RuntimeException(cause);
    assertThat(TracedInterceptor.unwrap(other)).isSameAs(other);
  }

  @Traced(kind = SpanKind.CONSUMER)
  static class Annotated {
    @Traced(value = "custom", kind = SpanKind.SERVER)
    void named(@SpanAttribute("key") String value, int other) {}

    CompletableFuture<String> plain() {
      return CompletableFuture.completedFuture("x");
    }

    @Traced(enabled = false)
    void off() {}
  }

  static class Bare {
    void run() {}

    void blank(@SpanAttribute("") String value) {}
  }

  @SuppressWarnings("checkstyle:TypeName")
  static class Bare$Proxy$_$$_WeldSubclass extends Bare {}

  static class Standard {
    @io.opentelemetry.instrumentation.annotations.WithSpan(value = "standard", inheritContext = false)
    void run(@io.opentelemetry.instrumentation.annotations.SpanAttribute("order.id") String id, String other) {}
  }

  @Test
  void resolve_standardWithSpan_nameNewTraceAndAttributes() throws Exception {
    TracedMethod traced = TracedMethods.resolve(Standard.class,
        Standard.class.getDeclaredMethod("run", String.class, String.class), null);

    assertThat(traced.toString()).isEqualTo("TracedMethod{standard, INTERNAL, @WithSpan, new trace, attributes=1}");
    assertThat(traced.binding()).isEqualTo(TracedMethod.Binding.WITH_SPAN);
    assertThat(traced.isNewTrace()).isTrue();
  }
}
