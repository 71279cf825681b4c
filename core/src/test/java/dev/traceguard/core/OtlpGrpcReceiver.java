package dev.traceguard.core;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real OTLP/gRPC receiver for tests: grpc-java's Netty server on 127.0.0.1 serving {@code
 * opentelemetry.proto.collector.trace.v1.TraceService/Export} and {@code
 * opentelemetry.proto.collector.metrics.v1.MetricsService/Export}. opentelemetry-proto has the messages but no gRPC
 * stubs, so the service is declared here by hand: its method descriptor is the one protoc would generate, with a
 * marshaller over the messages' own {@code parseFrom}/{@code toByteArray}.
 *
 * <p>It records every request's spans (or metrics) and metadata, and the message bytes as they came over the wire and after
 * decompression, so a test can tell a compressed request from a plain one. It can be told to answer UNAVAILABLE.
 */
final class OtlpGrpcReceiver implements AutoCloseable {
  /** How the receiver answers; THROTTLED is RESOURCE_EXHAUSTED with a RetryInfo of {@link #retryDelaySeconds}. */
  enum Mode { OK, UNAVAILABLE, THROTTLED }

  static final String SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";
  static final String METRICS_SERVICE = "opentelemetry.proto.collector.metrics.v1.MetricsService";

  private static final MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> EXPORT =
      export(SERVICE, ExportTraceServiceRequest::parseFrom, ExportTraceServiceResponse::parseFrom);
  private static final MethodDescriptor<ExportMetricsServiceRequest, ExportMetricsServiceResponse> EXPORT_METRICS =
      export(METRICS_SERVICE, ExportMetricsServiceRequest::parseFrom, ExportMetricsServiceResponse::parseFrom);

  private final List<ResourceSpans> received = new CopyOnWriteArrayList<>();
  private final List<ResourceMetrics> receivedMetrics = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> metadata = new CopyOnWriteArrayList<>();
  private final List<String> methods = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong wireBytes = new AtomicLong();
  private final AtomicLong uncompressedBytes = new AtomicLong();
  private volatile Mode mode = Mode.OK;
  private volatile int retryDelaySeconds = 2;
  private final List<Long> throttledAtNanos = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Long> acceptedAtNanos = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Server server;

  private OtlpGrpcReceiver(int port) throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
        .addMethod(EXPORT, ServerCalls.asyncUnaryCall(this::export))
        .build();
    ServerServiceDefinition metricsService = ServerServiceDefinition.builder(METRICS_SERVICE)
        .addMethod(EXPORT_METRICS, ServerCalls.asyncUnaryCall(this::exportMetrics))
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .addService(ServerInterceptors.intercept(service, new MetadataRecorder()))
        .addService(ServerInterceptors.intercept(metricsService, new MetadataRecorder()))
        .addStreamTracerFactory(new SizeRecorder())
        .build()
        .start();
  }

  /** The unary {@code Export} method of an OTLP collector service, as protoc would generate it. */
  private static <Q extends MessageLite, R extends MessageLite> MethodDescriptor<Q, R> export(
      String service, Parser<Q> request, Parser<R> response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "Export"))
        .setRequestMarshaller(new ProtoMarshaller<>(request))
        .setResponseMarshaller(new ProtoMarshaller<>(response))
        .build();
  }

  /** Starts a receiver on {@code port} of 127.0.0.1; 0 picks a free one. */
  static OtlpGrpcReceiver start(int port) throws IOException {
    return new OtlpGrpcReceiver(port);
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  /** Answers RESOURCE_EXHAUSTED with {@code google.rpc.RetryInfo} of {@code seconds} until told otherwise. */
  void throttle(int seconds) {
    this.retryDelaySeconds = seconds;
    this.mode = Mode.THROTTLED;
  }

  /** When each throttled call was answered ({@link System#nanoTime()}). */
  List<Long> throttledAtNanos() {
    return List.copyOf(throttledAtNanos);
  }

  /** When each accepted export arrived ({@link System#nanoTime()}). */
  List<Long> acceptedAtNanos() {
    return List.copyOf(acceptedAtNanos);
  }


  String endpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  int requests() {
    return requests.get();
  }

  /** Each call's metadata, ASCII keys only, in arrival order. */
  List<Map<String, String>> metadata() {
    return List.copyOf(metadata);
  }

  /** Each call's full method name, in arrival order. */
  List<String> methods() {
    return List.copyOf(methods);
  }

  /** Message bytes received as sent, compressed or not, over all calls. */
  long wireBytes() {
    return wireBytes.get();
  }

  /** Message bytes received after decompression, over all calls. */
  long uncompressedBytes() {
    return uncompressedBytes.get();
  }

  List<ResourceSpans> resourceSpans() {
    return List.copyOf(received);
  }

  List<Span> spans() {
    return received.stream()
        .flatMap(r -> r.getScopeSpansList().stream())
        .map(ScopeSpans::getSpansList)
        .flatMap(List::stream)
        .toList();
  }

  List<String> spanNames() {
    return spans().stream().map(Span::getName).toList();
  }

  /** Every metric received, over all export calls, in arrival order. */
  List<Metric> metrics() {
    return receivedMetrics.stream()
        .flatMap(r -> r.getScopeMetricsList().stream())
        .map(ScopeMetrics::getMetricsList)
        .flatMap(List::stream)
        .toList();
  }

  private void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
    requests.incrementAndGet();
    if (mode == Mode.UNAVAILABLE) {
      response.onError(Status.UNAVAILABLE.withDescription("told to be unavailable").asRuntimeException());
      return;
    }
    if (mode == Mode.THROTTLED) {
      throttledAtNanos.add(System.nanoTime());
      Metadata trailers = new Metadata();
      try {
        trailers.put(Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER),
            GrpcRetryInfo.status(Status.Code.RESOURCE_EXHAUSTED.value(), retryDelaySeconds, 0));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      response.onError(Status.RESOURCE_EXHAUSTED.withDescription("slow down").asRuntimeException(trailers));
      return;
    }
    acceptedAtNanos.add(System.nanoTime());
    received.addAll(request.getResourceSpansList());
    response.onNext(ExportTraceServiceResponse.getDefaultInstance());
    response.onCompleted();
  }

  private void exportMetrics(ExportMetricsServiceRequest request,
      StreamObserver<ExportMetricsServiceResponse> response) {
    requests.incrementAndGet();
    receivedMetrics.addAll(request.getResourceMetricsList());
    response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gRPC receiver did not stop within 10 seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the gRPC receiver stopped", e);
    }
  }

  private final class MetadataRecorder implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      Map<String, String> ascii = new HashMap<>();
      for (String key : headers.keys()) {
        if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
          ascii.put(key, headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
        }
      }
      metadata.add(Map.copyOf(ascii));
      methods.add(call.getMethodDescriptor().getFullMethodName());
      return next.startCall(call, headers);
    }
  }

  private final class SizeRecorder extends ServerStreamTracer.Factory {
    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
      return new ServerStreamTracer() {
        @Override
        public void inboundWireSize(long bytes) {
          wireBytes.addAndGet(bytes);
        }

        @Override
        public void inboundUncompressedSize(long bytes) {
          uncompressedBytes.addAndGet(bytes);
        }
      };
    }
  }

  @FunctionalInterface
  private interface Parser<T> {
    T parseFrom(InputStream in) throws IOException;
  }

  /** What grpc-protobuf's marshaller does, without grpc-protobuf (its protobuf-java 3.x would not converge). */
  private static final class ProtoMarshaller<T extends MessageLite> implements MethodDescriptor.Marshaller<T> {
    private final Parser<T> parser;

    ProtoMarshaller(Parser<T> parser) {
      this.parser = parser;
    }

    @Override
    public InputStream stream(T value) {
      return new ByteArrayInputStream(value.toByteArray());
    }

    @Override
    public T parse(InputStream stream) {
      try {
        return parser.parseFrom(stream);
      } catch (InvalidProtocolBufferException e) {
        throw Status.INVALID_ARGUMENT.withDescription("not an OTLP message").withCause(e).asRuntimeException();
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription("cannot read the message").withCause(e).asRuntimeException();
      }
    }
  }
}
