package dev.traceguard.cdi.internal;

import dev.traceguard.api.ExceptionTracer;
import dev.traceguard.core.ErrorScope;
import dev.traceguard.core.TraceguardMetrics;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.logging.TraceContextMdc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Runs each traced business method in a span: what {@link TracedInterceptor} ({@code @Traced}) and {@link
 * WithSpanInterceptor} ({@code @WithSpan}) share. Each acts only on the methods whose {@link TracedMethod#binding()}
 * is its own, so a method both bind gets one span.
 *
 * <p>Per call: one map look-up of the method's {@link TracedMethod} (read at deployment), a span started with the
 * captured arguments and made current (a root span when the method starts a new trace), the method, then the span
 * ended and the scope closed on the calling thread. A throwable is recorded with the runtime's {@code
 * ErrorRecorder} and rethrown as the very same instance. An outermost call (no HTTP request or traced call around
 * it) is an entry point: when it ends, the distinct failures recorded inside it, whether they escaped or were
 * recovered from, are counted in {@code traceguard.errors} and reported to the error listeners, once each (see
 * {@code ErrorRecorder}); a call inside an entry point leaves that to it. A {@link CompletionStage} result ends the span when it completes (a failed
 * completion recorded, a {@link CompletionException} unwrapped to its cause); the caller gets the very stage the
 * method returned. Opted-out methods, and every method while tracing is disabled, run with nothing but the look-up.
 *
 * <p>Tracing never fails a call: a failure while starting the span is logged at FINE at most once a minute and the
 * method runs untraced.
 *
 * <p>Priority {@value #PRIORITY} ({@code LIBRARY_BEFORE + 10}): inside platform interceptors such as
 * {@code @Transactional} (200), outside application interceptors (2000) and Bean Validation's method validation
 * (4800), so the span covers them and records the exceptions they throw.
 *
 * <p>Serializable, so that passivating beans ({@code @SessionScoped}, {@code @ConversationScoped}) may be traced:
 * it holds the extension's client proxy and the bean class, and looks its methods up again after deserialization.
 */
abstract class SpanInterceptor implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The interceptors' priority: {@code Interceptor.Priority.LIBRARY_BEFORE + 10}. */
  static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 10;

  private static final Logger logger = Logger.getLogger(SpanInterceptor.class.getName());
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final AtomicLong lastFailureLog = new AtomicLong(Long.MIN_VALUE);

  private final TraceguardExtension extension;
  private final @Nullable Class<?> beanClass;
  private transient @Nullable ConcurrentMap<Method, TracedMethod> methods;

  SpanInterceptor(TraceguardExtension extension, @Nullable Bean<?> bean) {
    this.extension = extension;
    // Null when the container cannot say which bean is intercepted; for an InterceptionFactory product it is the
    // producer's bean, which ownerClass() sees through.
    this.beanClass = bean == null ? null : bean.getBeanClass();
  }

  /** The annotation this interceptor answers for. */
  abstract TracedMethod.Binding binding();

  /**
   * Reads a method the deployment did not show (an {@code InterceptionFactory} product), once, with the binding the
   * container resolved for the call where this interceptor can tell it.
   */
  abstract TracedMethod resolve(Class<?> owner, Method method, InvocationContext invocation);

  @AroundInvoke
  Object trace(InvocationContext invocation) throws Exception {
    TracedMethod traced = lookUp(invocation);
    if (traced.binding() != binding()) {
      return invocation.proceed(); // the other interceptor traces this method
    }
    TracingRuntime runtime = traced.isEnabled() ? extension.runtimeForCalls() : null;
    if (runtime == null || !runtime.config().isEnabled()) {
      return invocation.proceed();
    }
    Span span;
    try {
      SpanBuilder builder = runtime.tracer().spanBuilder(traced.spanName()).setSpanKind(traced.kind());
      if (traced.isNewTrace()) {
        builder.setNoParent();
      }
      traced.addAttributes(builder, invocation.getParameters());
      span = builder.startSpan();
    } catch (RuntimeException e) {
      failed(traced, e);
      return invocation.proceed();
    }
    boolean endNow = true;
    // Outside any entry point (no HTTP request, no enclosing traced call) this call is one: every exception
    // recorded inside it, escaped or recovered from, is counted and reported once, when it ends. Inside one,
    // recordings are noted in the enclosing entry point's scope.
    Context context = Context.current().with(span);
    ErrorScope found = ErrorScope.from(context);
    boolean entryPoint = found == null;
    ErrorScope errors = found == null ? ErrorScope.create() : found;
    if (entryPoint) {
      context = errors.storeIn(context);
    }
    Context callContext = context;
    // The method's log lines carry this span's ids in the MDC; the caller's come back when the scope closes.
    Scope scope = TraceContextMdc.makeCurrent(callContext);
    try {
      Object result = invocation.proceed();
      if (traced.isAsync() && result instanceof CompletionStage) {
        ((CompletionStage<?>) result).whenComplete((value, error) -> {
          // Maybe on another thread, where the call's context is not current: the scope is passed on explicitly.
          if (error != null) {
            Throwable failure = unwrap(error);
            runtime.errors().record(span, traced.kind(), failure, ExceptionTracer.httpStatusOf(failure), errors);
          }
          span.end();
          if (entryPoint) {
            runtime.errors().end(errors, callContext, null, TraceguardMetrics.NO_HTTP_STATUS);
          }
        });
        endNow = false;
      }
      return result;
    } catch (Throwable error) {
      runtime.errors().record(span, traced.kind(), error, ExceptionTracer.httpStatusOf(error), errors);
      throw error;
    } finally {
      scope.close(); // on the calling thread, whatever happened
      if (endNow) {
        span.end();
        if (entryPoint) {
          runtime.errors().end(errors, callContext, null, TraceguardMetrics.NO_HTTP_STATUS);
        }
      }
    }
  }

  private TracedMethod lookUp(InvocationContext invocation) {
    Method method = invocation.getMethod();
    ConcurrentMap<Method, TracedMethod> known = methods;
    if (known == null) {
      known = extension.tracedMethods().forBeanClass(ownerClass(method, invocation.getTarget()));
      methods = known;
    }
    TracedMethod traced = known.get(method);
    if (traced == null) {
      Class<?> owner = ownerClass(method, invocation.getTarget());
      traced = known.computeIfAbsent(method, m -> resolve(owner, m, invocation));
    }
    return traced;
  }

  /**
   * The class whose simple name the span names: the intercepted bean's class, unless that bean does not declare the
   * method (an {@code InterceptionFactory} product, whose bean is its producer), then the target's own class.
   */
  private Class<?> ownerClass(Method method, Object target) {
    Class<?> bean = beanClass;
    return bean != null && method.getDeclaringClass().isAssignableFrom(bean) ? bean : targetClass(target);
  }

  /** The bean class behind a target instance: the first superclass that is not a container-generated subclass. */
  static Class<?> targetClass(Object target) {
    Class<?> type = target.getClass();
    while (type.getSuperclass() != null && type.getSuperclass() != Object.class
        && (type.isSynthetic() || type.getName().contains("$Proxy$"))) {
      type = type.getSuperclass();
    }
    return type;
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error.getCause();
    return error instanceof CompletionException && cause != null ? cause : error;
  }

  private static void failed(TracedMethod traced, RuntimeException e) {
    long now = System.nanoTime();
    long last = lastFailureLog.get();
    if ((last == Long.MIN_VALUE || now - last >= LOG_INTERVAL_NANOS) && lastFailureLog.compareAndSet(last, now)) {
      logger.log(Level.FINE, "Traceguard could not start the span " + traced.spanName()
          + "; the method runs untraced", e);
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    methods = null;
  }
}
