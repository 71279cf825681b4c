package dev.traceguard.reliability;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.jaxrs.TraceguardFeature;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The application under test: JAX-RS resources on Jersey and Grizzly, on a free port of 127.0.0.1, with Traceguard's
 * feature or, for the comparisons of hostile input, without it. Synchronous, suspended and {@code CompletionStage}
 * resources, a failure answered as problem+json, and an exception with a caller-chosen message size.
 */
final class TestApp implements AutoCloseable {
  /** Grizzly's own default: a request whose headers exceed it is refused before any application code runs. */
  static final int GRIZZLY_DEFAULT_HEADER_BYTES = 8192;

  /** Resumes suspended and staged requests off the request thread, so their context must travel. */
  static final ExecutorService WORKERS = Executors.newFixedThreadPool(4, runnable -> {
    Thread thread = new Thread(runnable, "test-app-worker");
    thread.setDaemon(true);
    return thread;
  });

  private final HttpServer server;
  private final URI base;

  private TestApp(HttpServer server, URI base) {
    this.server = server;
    this.base = base;
  }

  /**
   * Starts the resources with Traceguard's feature on {@code runtime}, or without Traceguard when it is null.
   * {@code maxHeaderBytes} and {@code maxHeaders} lift Grizzly's limits so that hostile headers reach the filters.
   */
  static TestApp start(TracingRuntime runtime, int maxHeaderBytes, int maxHeaders) throws IOException {
    ResourceConfig config = new ResourceConfig(Resources.class);
    if (runtime != null) {
      config.register(new TraceguardFeature(runtime));
    }
    URI base = URI.create("http://127.0.0.1:" + OtlpReceiver.freePort() + "/");
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(base, config, false);
    for (NetworkListener listener : server.getListeners()) {
      listener.setMaxHttpHeaderSize(maxHeaderBytes);
      listener.setMaxRequestHeaders(maxHeaders);
    }
    server.start();
    return new TestApp(server, base);
  }

  static TestApp start(TracingRuntime runtime) throws IOException {
    return start(runtime, GRIZZLY_DEFAULT_HEADER_BYTES, 100);
  }

  URI base() {
    return base;
  }

  int port() {
    return base.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  /** A client error with an error code, answered by Traceguard as problem+json carrying the trace id. */
  enum OrderError implements ErrorCode {
    NOT_FOUND;

    @Override
    public int code() {
      return 2001;
    }

    @Override
    public String domain() {
      return "ORDER";
    }

    @Override
    public int httpStatus() {
      return 404;
    }

    @Override
    public String title() {
      return "Order not found";
    }
  }

  /** The resources; public for Jersey. */
  @Path("/r")
  public static class Resources {
    @GET
    @Path("/sync/{n}")
    public String sync(@PathParam("n") long n) {
      return "sync " + n;
    }

    @GET
    @Path("/suspended/{n}")
    public void suspended(@PathParam("n") long n, @Suspended AsyncResponse response) {
      WORKERS.submit(() -> response.resume("suspended " + n));
    }

    @GET
    @Path("/stage/{n}")
    public CompletionStage<String> stage(@PathParam("n") long n) {
      return CompletableFuture.supplyAsync(() -> "stage " + n, WORKERS);
    }

    @GET
    @Path("/missing/{n}")
    public String missing(@PathParam("n") long n) {
      throw new TraceguardException(OrderError.NOT_FOUND, "No such order", "order " + n + " not found", null);
    }

    @GET
    @Path("/echo")
    public String echo(@QueryParam("q") String q) {
      return "echo " + (q == null ? 0 : q.length());
    }

    @GET
    @Path("/throw")
    public String throwWithMessageOf(@QueryParam("bytes") int bytes) {
      throw new IllegalStateException("x".repeat(bytes));
    }
  }
}
