package dev.traceguard.bench;

import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import dev.traceguard.cdi.ContextPropagation;
import dev.traceguard.cdi.TraceguardExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
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

/**
 * A CDI bean method called through Weld's client proxy, without and with {@code @Traced}, and a JAX-RS resource
 * method of a CDI bean (what Traceguard's resource-failure interceptor costs a call): the difference is the
 * interceptor's cost (span start with one {@code @SpanAttribute}, scope, end), every span sampled and queued in front
 * of an exporter that discards. The runtime is the one Traceguard's CDI extension builds from system properties
 * ({@code otel.traces.exporter=none}, {@code otel.traces.sampler=always_on}, set before the container starts).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dotel.traces.exporter=none", "-Dotel.traces.sampler=always_on",
    "-Dorg.jboss.weld.se.shutdownHook=false"})
public class TracedInterceptorBenchmark {

  /** A bean whose methods do the same trivial work, one traced. */
  @ApplicationScoped
  public static class Prices {
    /** For CDI. */
    public Prices() {}

    /** Not traced. */
    public long plain(long amount) {
      return amount * 3 + 1;
    }

    /** Traced, with one attribute. */
    @Traced
    public long traced(@SpanAttribute("price.amount") long amount) {
      return amount * 3 + 1;
    }
  }

  /**
   * A JAX-RS resource class managed by CDI, its method called as a bean's: Traceguard binds its resource-failure
   * interceptor to resource methods at deployment, so each call pays for it even when nothing is thrown.
   */
  @ApplicationScoped
  @Path("prices")
  public static class PriceResource {
    /** For CDI. */
    public PriceResource() {}

    /** The same work as {@link Prices#plain}, as a resource method. */
    @GET
    public long price(@QueryParam("amount") long amount) {
      return amount * 3 + 1;
    }
  }

  /** Adds the discarding exporter to the CDI-owned runtime. */
  @Singleton
  public static class Exporters {
    /** For CDI. */
    public Exporters() {}

    /** The exporter Traceguard's extension adds behind its batch processor. */
    @Produces
    @TraceguardExporter
    @Singleton
    SpanExporter discarding() {
      return new DiscardingSpanExporter();
    }
  }

  /** One Weld SE container for the trial. */
  @State(Scope.Benchmark)
  public static class Container {
    @Nullable WeldContainer weld;
    @Nullable Prices prices;
    @Nullable PriceResource resource;
    long amount = 41;

    /** Starts the container the way the demo does: Traceguard's beans by package, its extension by service. */
    @Setup(Level.Trial)
    public void setUp() {
      SamplingBenchmark.quietBatchProcessorLog();
      Weld builder = new Weld("traced-interceptor-benchmark");
      ServiceLoader.load(Extension.class).forEach(builder::addExtension);
      WeldContainer started = builder.disableDiscovery()
          .setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
          .addPackages(true, ContextPropagation.class)
          .addBeanClasses(Prices.class, PriceResource.class, Exporters.class)
          .initialize();
      weld = started;
      prices = started.select(Prices.class).get();
      resource = started.select(PriceResource.class).get();
    }

    /** Stops the container, which exports what is queued and stops the runtime. */
    @TearDown(Level.Trial)
    public void tearDown() {
      WeldContainer started = weld;
      if (started != null) {
        started.shutdown();
      }
    }
  }

  /** The bean method without {@code @Traced}, through the proxy. */
  @Benchmark
  public long plain(Container container) {
    return container.prices.plain(container.amount);
  }

  /** The resource method, through the proxy and the resource-failure interceptor; nothing thrown. */
  @Benchmark
  public long resource(Container container) {
    return container.resource.price(container.amount);
  }

  /** The bean method with {@code @Traced}, through the proxy and the interceptor. */
  @Benchmark
  public long traced(Container container) {
    return container.prices.traced(container.amount);
  }
}
