package dev.traceguard.core.internal;

import dev.traceguard.core.RecordingLogHandler;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The test classpath has OkHttp's sender as an application exporting over gRPC would: both senders are HTTP senders,
 * and the OTLP/HTTP exporter must still take the JDK's.
 */
class TraceguardComponentLoaderIT {
  private static final String OKHTTP_HTTP_SENDER_PROVIDER =
      "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider";
  private static final String OKHTTP_GRPC_SENDER_PROVIDER =
      "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider";
  private static final String JDK_HTTP_SENDER_PROVIDER =
      "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider";
  /** Where the SDK says which sender it built (FINE). */
  private static final String BUILDER_LOGGER = "io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder";
  /** Where the SDK warns when it finds several senders and picks one at random. */
  private static final String SENDER_UTIL_LOGGER = "io.opentelemetry.exporter.internal.SenderUtil";
  private static final String MULTIPLE_SENDERS_WARNING =
      "Multiple HttpSenderProvider found. Please include only one, or specify preference setting"
          + " io.opentelemetry.sdk.common.export.HttpSenderProvider to the FQCN of the preferred provider.";

  private final ComponentLoader classpath = ComponentLoader.forClassLoader(getClass().getClassLoader());

  private static List<String> classNames(Iterable<?> components) {
    List<String> names = new ArrayList<>();
    components.forEach(c -> names.add(c.getClass().getName()));
    return names;
  }

  @Test
  void classpath_testScope_hasBothHttpSenders() {
    // The precondition of every other test here: without OkHttp's sender there would be nothing to choose from.
    assertThat(classNames(classpath.load(HttpSenderProvider.class)))
        .containsExactlyInAnyOrder(JDK_HTTP_SENDER_PROVIDER, OKHTTP_HTTP_SENDER_PROVIDER);
  }

  @Test
  void load_httpSenderProviders_onlyTraceguards() {
    ComponentLoader loader = TraceguardComponentLoader.forClassLoader(getClass().getClassLoader());

    assertThat(classNames(loader.load(HttpSenderProvider.class)))
        .containsExactly(ThrottlingHttpSender.Provider.class.getName());
  }

  @Test
  void load_grpcSenderProviders_okHttpPresent_onlyTraceguards() {
    ComponentLoader loader = TraceguardComponentLoader.wrap(classpath);

    assertThat(classNames(classpath.load(GrpcSenderProvider.class))).containsExactly(OKHTTP_GRPC_SENDER_PROVIDER);
    assertThat(classNames(loader.load(GrpcSenderProvider.class)))
        .containsExactly(ThrottlingGrpcSender.Provider.class.getName());
  }

  @Test
  void load_otherComponentTypes_delegatesOnceAndKeepsTheList() {
    Compressor compressor = new Compressor() {
      @Override
      public String getEncoding() {
        return "test";
      }

      @Override
      public java.io.OutputStream compress(java.io.OutputStream outputStream) {
        return outputStream;
      }
    };
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    ComponentLoader delegate = new ComponentLoader() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Iterable<T> load(Class<T> type) {
        asked.incrementAndGet();
        return (Iterable<T>) List.of(compressor);
      }
    };
    ComponentLoader loader = TraceguardComponentLoader.wrap(delegate);

    assertThat(loader.load(Compressor.class)).containsExactly(compressor);
    assertThat(loader.load(Compressor.class)).containsExactly(compressor);
    assertThat(asked).hasValue(1);
  }

  @Test
  void load_spanExporterProviders_traceguardsZipkinReplacesTheSdks() {
    List<ConfigurableSpanExporterProvider> providers = ComponentLoader.loadList(
        TraceguardComponentLoader.wrap(classpath), ConfigurableSpanExporterProvider.class);

    assertThat(providers).filteredOn(p -> p.getName().equals("zipkin"))
        .singleElement().isInstanceOf(ZipkinSpanExporterProvider.class);
    assertThat(providers).extracting(ConfigurableSpanExporterProvider::getName)
        .contains("otlp", "console", "file", "jaeger");
    // Without the rule the SDK's own zipkin provider is there too, and the last one found would win.
    assertThat(ComponentLoader.loadList(classpath, ConfigurableSpanExporterProvider.class))
        .filteredOn(p -> p.getName().equals("zipkin")).hasSize(2);
  }

  @Test
  void toString_namesLoaderAndDelegate() {
    ComponentLoader loader = TraceguardComponentLoader.wrap(classpath);

    assertThat(loader).hasToString("TraceguardComponentLoader{" + classpath + "}");
  }

  @Test
  void otlp_twoSendersOnClasspath_buildsTraceguardsSenderWithoutWarning() {
    List<LogRecord> records = recordLogs(() -> OtlpHttpSpanExporter.builder()
        .setComponentLoader(TraceguardComponentLoader.forClassLoader(getClass().getClassLoader()))
        .setEndpoint("http://127.0.0.1:4318/v1/traces")
        .build());

    assertThat(records).extracting(LogRecord::getMessage)
        .contains("Using HttpSender: " + ThrottlingHttpSender.class.getName())
        .doesNotContain(MULTIPLE_SENDERS_WARNING)
        .noneMatch(message -> message.contains("OkHttp"));
  }

  @Test
  void sdkDefault_okHttpOnClasspath_warnsOfMultipleSenders() {
    // What TraceguardComponentLoader prevents: the SDK's own loader sees both senders, warns, and picks one of them.
    List<LogRecord> records = recordLogs(() -> OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:4318/v1/traces")
        .build());

    assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING).extracting(LogRecord::getMessage)
        .containsExactly(MULTIPLE_SENDERS_WARNING);
  }

  /** Builds an exporter, shuts it down, and returns what the SDK logged about senders while building it. */
  private static List<LogRecord> recordLogs(Supplier<SpanExporter> build) {
    RecordingLogHandler handler = new RecordingLogHandler();
    List<LogRecord> records = handler.records();
    Logger builderLogger = Logger.getLogger(BUILDER_LOGGER);
    Logger senderUtilLogger = Logger.getLogger(SENDER_UTIL_LOGGER);
    Level builderLevel = builderLogger.getLevel();
    boolean senderUtilParents = senderUtilLogger.getUseParentHandlers();
    builderLogger.setLevel(Level.FINE);
    builderLogger.addHandler(handler);
    senderUtilLogger.addHandler(handler);
    // The warning the control test provokes is expected: keep it out of the build's console.
    senderUtilLogger.setUseParentHandlers(false);
    try {
      build.get().shutdown().join(10, TimeUnit.SECONDS);
    } finally {
      builderLogger.removeHandler(handler);
      builderLogger.setLevel(builderLevel);
      senderUtilLogger.removeHandler(handler);
      senderUtilLogger.setUseParentHandlers(senderUtilParents);
    }
    return records;
  }
}
