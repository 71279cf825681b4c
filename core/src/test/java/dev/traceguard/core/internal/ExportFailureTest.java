package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportFailureTest {

  private static ExportFailure http(int status) {
    return ExportFailure.of(FailedExportException.httpFailedWithResponse(
        new ThrottlingHttpSender.Answer(status, "", new byte[0], Duration.ZERO)));
  }

  private static ExportFailure grpc(GrpcStatusCode status, String description) {
    return ExportFailure.of(FailedExportException.grpcFailedWithResponse(new GrpcResponse() {
      @Override
      public GrpcStatusCode getStatusCode() {
        return status;
      }

      @Override
      public String getStatusDescription() {
        return description;
      }

      @Override
      public byte[] getResponseMessage() {
        return new byte[0];
      }
    }));
  }

  @ParameterizedTest
  @CsvSource({"429, true", "502, true", "503, true", "504, true", "500, true", "408, true",
      "400, false", "401, false", "403, false", "404, false", "413, false"})
  void of_httpStatus_retryableUnlessAClientError(int status, boolean retryable) {
    ExportFailure failure = http(status);

    assertThat(failure.retryable()).isEqualTo(retryable);
    assertThat(failure.description()).startsWith("HTTP " + status);
  }

  @Test
  void of_throttledAnswer_carriesTheWaitAndSaysIt() {
    ExportFailure failure = ExportFailure.of(FailedExportException.httpFailedWithResponse(
        new ThrottlingHttpSender.Answer(429, "Too Many Requests", new byte[0], Duration.ofSeconds(2))));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(failure.description()).isEqualTo("HTTP 429 Too Many Requests, Retry-After 2 s");
  }

  @Test
  void of_grpcStatus_unavailableRetryableInvalidArgumentRejected() {
    assertThat(grpc(GrpcStatusCode.UNAVAILABLE, "down")).extracting(ExportFailure::retryable,
        ExportFailure::description).containsExactly(true, "gRPC UNAVAILABLE: down");
    assertThat(grpc(GrpcStatusCode.RESOURCE_EXHAUSTED, "")).extracting(ExportFailure::retryable,
        ExportFailure::description).containsExactly(true, "gRPC RESOURCE_EXHAUSTED");
    assertThat(grpc(GrpcStatusCode.INVALID_ARGUMENT, "bad").retryable()).isFalse();
    assertThat(grpc(GrpcStatusCode.UNAUTHENTICATED, "").retryable()).isFalse();
  }

  @Test
  void of_ioFailures_describedByWhatHappened() {
    assertThat(ExportFailure.of(FailedExportException.httpFailedExceptionally(
        new IOException("wrapped", new ConnectException())))).extracting(ExportFailure::retryable,
        ExportFailure::description).containsExactly(true, "connection refused");
    assertThat(ExportFailure.of(new HttpTimeoutException("request timed out")).description())
        .isEqualTo("timed out");
    assertThat(ExportFailure.of(new IOException("response failed: 500\n\tbody")).description())
        .isEqualTo("IOException: response failed: 500 body");
  }

  @Test
  void of_noThrowable_retryableAndSaysNoCauseWasGiven() {
    ExportFailure failure = ExportFailure.of(null);

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.description()).isEqualTo("the exporter reported a failure without a cause");
  }

  @Test
  void of_longMessage_clippedToOneShortLine() {
    ExportFailure failure = ExportFailure.of(new IllegalStateException("x".repeat(500)));

    assertThat(failure.description()).hasSize(201).endsWith("…").doesNotContain("\n");
  }

  /**
   * Under traceguard-all-mp the server's SDK may keep its exporters' classes from the application: ExportFailure is
   * loaded here by a class loader that refuses them, as WildFly's module loader does.
   */
  @Test
  void of_sdkExporterTypesNotVisible_readsTheFailureAsAnyOther() throws Exception {
    ClassLoader core = ExportFailure.class.getClassLoader();
    URL classes = ExportFailure.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader hiding = new URLClassLoader(new URL[] {classes}, core) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
          if (name.startsWith("io.opentelemetry.exporter.")) {
            throw new ClassNotFoundException(name + " is hidden, as a server hides it");
          }
          // The record, its nested class and the package-private probe it calls, loaded here.
          if (name.startsWith(ExportFailure.class.getName()) || name.equals(SdkMethods.class.getName())) {
            Class<?> loaded = findLoadedClass(name);
            return loaded != null ? loaded : findClass(name);
          }
          return super.loadClass(name, resolve);
        }
      }
    }) {
      Class<?> isolated = hiding.loadClass(ExportFailure.class.getName());
      java.lang.reflect.Method of = isolated.getDeclaredMethod("of", Throwable.class);
      of.setAccessible(true);

      Object failure = of.invoke(null, new IOException("disk full"));

      java.lang.reflect.Method description = isolated.getDeclaredMethod("description");
      java.lang.reflect.Method retryable = isolated.getDeclaredMethod("retryable");
      description.setAccessible(true);
      retryable.setAccessible(true);
      assertThat(isolated.getClassLoader()).isSameAs(hiding);
      assertThat(description.invoke(failure)).isEqualTo("IOException: disk full");
      assertThat(retryable.invoke(failure)).isEqualTo(true);
    }
  }
}
