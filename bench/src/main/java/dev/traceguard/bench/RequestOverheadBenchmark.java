package dev.traceguard.bench;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.DropReason;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.server.spi.ContainerResponseWriter;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One JAX-RS request handled in-process by Jersey's {@link ApplicationHandler} (no network, which would drown the
 * difference), the response written to a stream that discards it. Each method is the same request to the same
 * resource in an application configured differently, so the differences between methods are what Traceguard adds:
 *
 * <ul>
 *   <li>{@code baseline}: no Traceguard; {@code baselineError}: the resource throws, a plain mapper answers;
 *   <li>{@code traced}: {@code TraceguardFeature}, every trace sampled, batch processor in front of an exporter that
 *       discards; {@code tracedError}: the resource throws a {@code TraceguardException}, recorded and answered as
 *       problem+json;
 *   <li>{@code unsampled}: ratio 0; {@code keepErrors}: ratio 0 with {@code traceguard.sampler.keep-errors};
 *       {@code disabled}: the feature registered, {@code otel.sdk.disabled=true};
 *   <li>{@code rawSdk}: no Traceguard, a pair of filters making one SERVER span with the bare OpenTelemetry SDK
 *       (three attributes, batch processor, discarding exporter): the floor for any SDK-based library;
 *   <li>{@code emptyHooks}: the filters and event listener Traceguard registers, doing nothing: Jersey's price for
 *       any library that hooks into its requests.
 * </ul>
 *
 * <p>Requests carry no {@code traceparent} (each starts a trace), a {@code User-Agent} and an {@code Accept}. Run with
 * {@code -prof gc} for allocation per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Ten seconds of warm-up: on two cores the error path is still being compiled after four (docs/benchmarks.md).
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class RequestOverheadBenchmark {
  private static final URI BASE = URI.create("http://localhost:8080/");
  static final URI USER = URI.create("http://localhost:8080/users/42");
  static final URI MISSING = URI.create("http://localhost:8080/users/4242");

  /** The resource every application serves. */
  @Path("/users")
  public static class UserResource {
    /** Created by Jersey. */
    public UserResource() {}

    /** Answers a short text; ids above 999 are not found. */
    @GET
    @Path("/{id}")
    @Produces("text/plain")
    public String get(@PathParam("id") long id) {
      if (id > 999) {
        throw new TraceguardException(BenchError.NOT_FOUND, "No such user");
      }
      return "user";
    }
  }

  /** The baseline's own answer to the resource's exception: what an application without Traceguard would have. */
  public static class PlainMapper implements ExceptionMapper<TraceguardException> {
    /** Created by Jersey. */
    public PlainMapper() {}

    @Override
    public Response toResponse(TraceguardException exception) {
      return Response.status(exception.errorCode().httpStatus()).entity(exception.detail()).type("text/plain")
          .build();
    }
  }

  /** The error the resource throws. */
  enum BenchError implements ErrorCode {
    NOT_FOUND;

    @Override
    public int code() {
      return 1001;
    }

    @Override
    public String domain() {
      return "USER";
    }

    @Override
    public int httpStatus() {
      return 404;
    }

    @Override
    public String title() {
      return "User not found";
    }
  }

  /** One SERVER span per request from the bare SDK, with nothing else: the floor. */
  @PreMatching
  public static final class RawSdkFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private final Tracer tracer;

    RawSdkFilter(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      Span span = tracer.spanBuilder(request.getMethod()).setSpanKind(SpanKind.SERVER)
          .setAttribute(METHOD, request.getMethod())
          .setAttribute(PATH, request.getUriInfo().getRequestUri().getRawPath())
          .startSpan();
      request.setProperty("bench.span", span);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      Object span = request.getProperty("bench.span");
      if (span instanceof Span) {
        ((Span) span).setAttribute(STATUS, (long) response.getStatus());
        ((Span) span).end();
      }
    }
  }

  /** The request and response filter of {@link EmptyHooks} without its event listener: what the filters cost apart. */
  @PreMatching
  public static class EmptyFilters implements ContainerRequestFilter, ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request) {}

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {}
  }

  /**
   * The hooks Traceguard registers in Jersey, doing nothing: a pre-matching request and response filter and an
   * application event listener that asks for no request's events. What any filter-based library pays Jersey.
   */
  @PreMatching
  public static final class EmptyHooks extends EmptyFilters implements ApplicationEventListener {
    @Override
    public void onEvent(ApplicationEvent event) {}

    @Override
    public @Nullable RequestEventListener onRequest(RequestEvent requestEvent) {
      return null;
    }
  }

  /** Writes every response into a stream that discards it, as a container would write it to a socket. */
  private static final class DiscardingWriter implements ContainerResponseWriter {
    static final DiscardingWriter INSTANCE = new DiscardingWriter();

    @Override
    public OutputStream writeResponseStatusAndHeaders(long contentLength, ContainerResponse response) {
      return OutputStream.nullOutputStream();
    }

    @Override
    public boolean suspend(long timeOut, TimeUnit timeUnit, @Nullable TimeoutHandler timeoutHandler) {
      return false;
    }

    @Override
    public void setSuspendTimeout(long timeOut, TimeUnit timeUnit) {}

    @Override
    public void commit() {}

    @Override
    public void failure(Throwable error) {}

    @Override
    public boolean enableResponseBuffering() {
      return false;
    }
  }

  /** One application handler; subclasses configure it. */
  abstract static class App {
    @Nullable TracingRuntime runtime;
    final DiscardingSpanExporter exporter = new DiscardingSpanExporter();
    ApplicationHandler handler = new ApplicationHandler(new ResourceConfig());

    void traced(TracingConfig config) {
      SamplingBenchmark.quietBatchProcessorLog();
      TracingRuntime started = TracingRuntime.create(config, List.of(exporter)).start();
      runtime = started;
      handler = new ApplicationHandler(application().register(new TraceguardFeature(started)));
    }

    /** The application Traceguard's feature is registered in. */
    ResourceConfig application() {
      return new ResourceConfig(UserResource.class);
    }

    int get(URI uri) throws InterruptedException, ExecutionException {
      ContainerRequest request = new ContainerRequest(BASE, uri, "GET", null, new MapPropertiesDelegate(), null);
      request.header("User-Agent", "bench/1.0");
      request.header("Accept", "text/plain, application/problem+json");
      request.setWriter(DiscardingWriter.INSTANCE);
      return handler.apply(request).get().getStatus();
    }

    void stop(BenchmarkParams params) {
      TracingRuntime started = runtime;
      if (started != null) {
        long dropped = started.droppedSpans(DropReason.QUEUE_FULL);
        started.shutdown(Duration.ofSeconds(30));
        System.out.printf("%n[%s] spans exported: %,d; dropped with the queue full: %,d%n",
            SamplingBenchmark.shortName(params), exporter.exported(), dropped);
      }
    }
  }

  /** No Traceguard. */
  @State(Scope.Benchmark)
  public static class Baseline extends App {
    @Setup(Level.Trial)
    public void setUp() {
      handler = new ApplicationHandler(new ResourceConfig(UserResource.class, PlainMapper.class));
    }
  }

  /** An application with the feature over a runtime of the configuration {@link #config()} names. */
  abstract static class TracedApp extends App {
    abstract TracingConfig config();

    @Setup(Level.Trial)
    public void setUp() {
      traced(config());
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
      stop(params);
    }
  }

  /** Every trace sampled. */
  @State(Scope.Benchmark)
  public static class Traced extends TracedApp {
    @Override
    TracingConfig config() {
      return SamplingBenchmark.config(1.0, false);
    }
  }

  /** Ratio 0. */
  @State(Scope.Benchmark)
  public static class Unsampled extends TracedApp {
    @Override
    TracingConfig config() {
      return SamplingBenchmark.config(0.0, false);
    }
  }

  /** Ratio 0, errors kept. */
  @State(Scope.Benchmark)
  public static class KeepErrors extends TracedApp {
    @Override
    TracingConfig config() {
      return SamplingBenchmark.config(0.0, true);
    }
  }

  /**
   * The feature registered, tracing disabled. The baseline's mapper is registered too, since a disabled feature
   * registers none: the application then differs from the baseline's by the feature alone.
   */
  @State(Scope.Benchmark)
  public static class Disabled extends TracedApp {
    @Override
    TracingConfig config() {
      return TracingConfig.disabled();
    }

    @Override
    ResourceConfig application() {
      return new ResourceConfig(UserResource.class, PlainMapper.class);
    }
  }

  /** The baseline's application with {@link EmptyHooks}. */
  @State(Scope.Benchmark)
  public static class Hooks extends App {
    @Setup(Level.Trial)
    public void setUp() {
      handler = new ApplicationHandler(new ResourceConfig(UserResource.class, PlainMapper.class).register(hooks()));
    }

    /** What is registered beside the baseline's classes. */
    Object hooks() {
      return new EmptyHooks();
    }
  }

  /** The baseline's application with {@link EmptyFilters} only. */
  @State(Scope.Benchmark)
  public static class Filters extends Hooks {
    @Override
    Object hooks() {
      return new EmptyFilters();
    }
  }

  /** The bare SDK's one span. */
  @State(Scope.Benchmark)
  public static class RawSdk extends App {
    private @Nullable SdkTracerProvider provider;

    @Setup(Level.Trial)
    public void setUp() {
      SamplingBenchmark.quietBatchProcessorLog();
      SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
          .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
          .build();
      provider = tracerProvider;
      handler = new ApplicationHandler(new ResourceConfig(UserResource.class, PlainMapper.class)
          .register(new RawSdkFilter(tracerProvider.get("bench"))));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      SdkTracerProvider tracerProvider = provider;
      if (tracerProvider != null) {
        tracerProvider.shutdown().join(30, TimeUnit.SECONDS);
      }
    }
  }

  /** A request answered 200, no Traceguard. */
  @Benchmark
  public int baseline(Baseline app) throws Exception {
    return app.get(USER);
  }

  /** A request whose resource throws, answered 404 by a plain mapper, no Traceguard. */
  @Benchmark
  public int baselineError(Baseline app) throws Exception {
    return app.get(MISSING);
  }

  /** A request answered 200, traced and sampled. */
  @Benchmark
  public int traced(Traced app) throws Exception {
    return app.get(USER);
  }

  /** A request whose resource throws, recorded and answered as problem+json. */
  @Benchmark
  public int tracedError(Traced app) throws Exception {
    return app.get(MISSING);
  }

  /** A request answered 200, traced, not sampled. */
  @Benchmark
  public int unsampled(Unsampled app) throws Exception {
    return app.get(USER);
  }

  /** A request answered 200 with ratio 0 and keep-errors: recorded, not exported. */
  @Benchmark
  public int keepErrors(KeepErrors app) throws Exception {
    return app.get(USER);
  }

  /** A request answered 200 with the feature registered and tracing disabled. */
  @Benchmark
  public int disabled(Disabled app) throws Exception {
    return app.get(USER);
  }

  /** A request answered 200 through Jersey hooks that do nothing. */
  @Benchmark
  public int emptyHooks(Hooks app) throws Exception {
    return app.get(USER);
  }

  /** A request answered 200 with one span from the bare SDK. */
  @Benchmark
  public int rawSdk(RawSdk app) throws Exception {
    return app.get(USER);
  }
}
