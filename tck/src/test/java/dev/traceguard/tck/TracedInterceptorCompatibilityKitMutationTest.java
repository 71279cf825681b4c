package dev.traceguard.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.Traced;
import dev.traceguard.tck.ExceptionTracerCompatibilityKitMutationTest.PlainTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link TracedInterceptorCompatibilityKit} detects violations without a CDI container: a plain
 * interceptor built on a JDK dynamic proxy, reading {@link Traced} from the bean class as a container would, passes
 * the kit; each mutant breaks one rule and the kit names the cases of that rule.
 */
class TracedInterceptorCompatibilityKitMutationTest {

  /** A dynamic proxy that traces the bean's {@code @Traced} methods; the protected hooks are what mutants break. */
  static class ProxyKit extends TracedInterceptorCompatibilityKit {
    private final PlainTracer exceptionTracer = new PlainTracer();

    @Override
    protected Deployment deploy(Class<? extends KitService> beanClass) {
      InMemorySpanExporter exporter = InMemorySpanExporter.create();
      SdkTracerProvider provider =
          SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
      Tracer tracer = provider.get("dev.traceguard.tck");
      KitService target;
      try {
        target = beanClass.getConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      KitService proxy = (KitService) Proxy.newProxyInstance(KitService.class.getClassLoader(),
          new Class<?>[] {KitService.class}, (p, method, args) -> invoke(tracer, beanClass, target, method, args));
      return new Deployment() {
        @Override
        public KitService service() {
          return proxy;
        }

        @Override
        public List<SpanData> finishedSpans() {
          return exporter.getFinishedSpanItems();
        }

        @Override
        public void close() {
          provider.close();
        }
      };
    }

    private @Nullable Object invoke(Tracer tracer, Class<?> beanClass, Object target, Method method,
        @Nullable Object[] args) throws Throwable {
      Method beanMethod = beanClass.getMethod(method.getName(), method.getParameterTypes());
      Traced traced = beanMethod.isAnnotationPresent(Traced.class)
          ? beanMethod.getAnnotation(Traced.class) : beanClass.getAnnotation(Traced.class);
      if (traced == null || !traced.enabled()) {
        return call(beanMethod, target, args);
      }
      String name = traced.value().isEmpty() ? beanClass.getSimpleName() + "." + method.getName() : traced.value();
      Span span = tracer.spanBuilder(name).setSpanKind(traced.kind()).startSpan();
      boolean endNow = true;
      Scope scope = span.makeCurrent();
      try {
        Object result = call(beanMethod, target, args);
        if (result instanceof CompletionStage && waitsForStages()) {
          ((CompletionStage<?>) result).whenComplete((value, error) -> {
            if (error != null) {
              Throwable cause = error instanceof CompletionException && error.getCause() != null
                  ? error.getCause() : error;
              exceptionTracer.record(span, traced.kind(), cause);
            }
            span.end();
          });
          endNow = false;
        }
        return result;
      } catch (Throwable error) {
        exceptionTracer.record(span, traced.kind(), error);
        endNow = endsOnFailure();
        throw rethrown(error);
      } finally {
        scope.close();
        if (endNow) {
          span.end();
        }
      }
    }

    private static @Nullable Object call(Method method, Object target, @Nullable Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    boolean waitsForStages() {
      return true;
    }

    boolean endsOnFailure() {
      return true;
    }

    Throwable rethrown(Throwable error) {
      return error;
    }
  }

  static class WrapsRuntimeExceptions extends ProxyKit {
    @Override
    Throwable rethrown(Throwable error) {
      return error instanceof RuntimeException ? new IllegalStateException("wrapped", error) : error;
    }
  }

  static class LeavesFailedSpansOpen extends ProxyKit {
    @Override
    boolean endsOnFailure() {
      return false;
    }
  }

  static class EndsAtReturn extends ProxyKit {
    @Override
    boolean waitsForStages() {
      return false;
    }
  }

  @Test
  void proxyKit_followsEveryRule_noFailure() {
    KitRun run = KitRun.of(ProxyKit.class);

    assertThat(run.failures()).isEmpty();
    assertThat(run.succeeded()).isEqualTo(16L);
  }

  @Test
  void wrapsRuntimeExceptions_failsEveryRethrowOfARuntimeException() {
    assertThat(KitRun.of(WrapsRuntimeExceptions.class).failedCaseIds()).containsExactlyInAnyOrder(
        "int-rethrow", "int-error-code", "int-server-4xx", "int-server-5xx", "int-stage-throws");
  }

  @Test
  void leavesFailedSpansOpen_failsEveryFailingCall() {
    assertThat(KitRun.of(LeavesFailedSpansOpen.class).failedCaseIds()).containsExactlyInAnyOrder(
        "int-rethrow", "int-rethrow-checked", "int-rethrow-error", "int-error-code", "int-server-4xx",
        "int-server-5xx", "int-stage-throws");
  }

  @Test
  void endsAtReturn_failsTheCompletionStageRules() {
    assertThat(KitRun.of(EndsAtReturn.class).failedCaseIds()).containsExactlyInAnyOrder(
        "int-stage", "int-stage-failed", "int-stage-already-failed");
  }
}
