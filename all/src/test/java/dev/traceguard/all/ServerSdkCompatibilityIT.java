package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every OpenTelemetry member the classes of {@code traceguard-all-mp} call, looked up in the OpenTelemetry jars each
 * server with its own telemetry ships (WildFly's modules, Open Liberty's bundle, the jar inside Payara Micro): a
 * member a server's older SDK or API lacks throws {@link NoSuchMethodError} where it is called, on the server's
 * export threads too, which then die. Each member some server lacks must be one {@link #ALLOWED} explains (probed
 * before the call, caught, or called only where that server never runs it); an explanation no longer needed fails
 * too, so the list stays true.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSdkCompatibilityIT {
  /** Members (prefixes of {@code Owner.member(parameters)}) some server lacks, and why Traceguard never fails there. */
  private static final Map<String, String> ALLOWED = Map.ofEntries(
      // Called only on Traceguard's own SDK (traceguard-all, which carries it relocated), never on a server's.
      Map.entry("io.opentelemetry.exporter.", "the SDK's exporters: built on Traceguard's own SDK only; on a server"
          + " the file exporter catches the LinkageError and writes with OtlpJson, and ExportFailure reads their"
          + " failure types in a nested class, catching it too"),
      Map.entry("io.opentelemetry.sdk.common.export.", "Traceguard's own OTLP senders, and the failure types"
          + " ExportFailure reads, catching the LinkageError"),
      Map.entry("io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder.",
          "AutoconfiguredSdk.build: Traceguard's own SDK only"),
      Map.entry("io.opentelemetry.common.ComponentLoader.", "provider loading of Traceguard's own SDK;"
          + " JaegerSpanExporterProvider catches the LinkageError on a server"),
      Map.entry("io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties.getComponentLoader()",
          "JaegerSpanExporterProvider catches the LinkageError and uses the service loader"),
      Map.entry("io.opentelemetry.sdk.autoconfigure.spi.internal.ConfigurableMetricReaderProvider.",
          "ProviderNames: checks Traceguard's own SDK's configuration only"),
      Map.entry("io.opentelemetry.instrumentation.runtimetelemetry.",
          "JVM metrics: started only on an SDK Traceguard built"),
      Map.entry("io.opentelemetry.sdk.trace.internal.SdkTracerProviderUtil.",
          "DeferredStackTraces: installed on Traceguard's own SDK only"),
      Map.entry("io.opentelemetry.sdk.common.internal.ExceptionAttributeResolver",
          "DeferredStackTraces: installed on Traceguard's own SDK only"),
      Map.entry("io.opentelemetry.sdk.metrics.export.CollectionRegistration.",
          "QueueDropMonitor: a ledger on a server's SDK has none"),
      Map.entry("io.opentelemetry.sdk.trace.ReadableSpan.getAttributes()",
          "KeepErrorsSpanProcessor: Traceguard's own SDK only"),
      Map.entry("io.opentelemetry.sdk.trace.data.ExceptionEventData.",
          "RenderingSpanExporter: Traceguard's own SDK only (a server's SDK renders stack traces itself)"),
      Map.entry("io.opentelemetry.sdk.common.CompletableResultCode.ofExceptionalFailure(",
          "ZipkinExporters: Traceguard's own SDK only"),
      Map.entry("io.opentelemetry.context.propagation.TextMapGetter.getAll(",
          "W3CPropagator's carrier reading: on a server the server's propagators extract; only its string parsing"
              + " of traceparent runs there"),
      Map.entry("io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder.setMeterProvider(",
          "called only with a meter provider, which ApplicationExport never passes"),
      // Asked for only after SdkMethods (or ContextPropagation) found them.
      Map.entry("io.opentelemetry.sdk.common.CompletableResultCode.getFailureThrowable()", "probed: ExportFailure"),
      Map.entry("io.opentelemetry.sdk.common.CompletableResultCode.failExceptionally(", "probed: ExportFailure"),
      Map.entry("io.opentelemetry.sdk.logs.data.LogRecordData.getEventName()", "probed: MaskingLogRecordExporter"),
      Map.entry("io.opentelemetry.sdk.logs.data.LogRecordData.getBodyValue()", "probed: MaskingLogRecordExporter"),
      Map.entry("io.opentelemetry.context.Context.taskWrapping(java.util.concurrent.ScheduledExecutorService)",
          "probed: ContextPropagation"),
      // Caught where called.
      Map.entry("io.opentelemetry.api.metrics.DoubleHistogramBuilder.setExplicitBucketBoundariesAdvice(",
          "TraceguardMetrics catches the LinkageError: the SDK's default buckets apply"),
      Map.entry("io.opentelemetry.instrumentation.annotations.WithSpan.inheritContext()",
          "WithSpanSupport catches the NoSuchMethodError: the span continues the context, the member's default"),
      // Reached only with values an older API cannot produce.
      Map.entry("io.opentelemetry.api.common.Value.", "masking of Value bodies and attributes: only reached with a"
          + " Value, which an API without Value never hands over"),
      Map.entry("io.opentelemetry.api.common.ValueType.", "as Value"),
      Map.entry("io.opentelemetry.api.common.KeyValue.", "as Value"),
      Map.entry("io.opentelemetry.api.common.AttributeType.VALUE", "a switch case, which javac guards against a"
          + " constant missing at run time"),
      // Traceguard's beans of the OpenTelemetry types, vetoed under traceguard-all-mp for the server's.
      Map.entry("io.opentelemetry.api.trace.Span.setAttribute(java.lang.String, io.opentelemetry.api.common.Value)",
          "CurrentSpan: vetoed under traceguard-all-mp"),
      Map.entry("io.opentelemetry.api.trace.Span.addLink(", "CurrentSpan: vetoed under traceguard-all-mp"),
      Map.entry("io.opentelemetry.api.baggage.Baggage.getEntry(", "CurrentBaggage: vetoed under traceguard-all-mp"));

  private final Map<String, Set<String>> callers = new TreeMap<>();
  private final Set<String> allowancesUsed = ConcurrentHashMap.newKeySet();

  @BeforeAll
  void readTraceguardsCalls() throws IOException {
    try (JarFile jar = new JarFile(TestEnvironment.property("traceguard.all-mp.jar"))) {
      for (JavaClass type : new ClassFileImporter().importJar(jar)) {
        if (!type.getPackageName().startsWith("dev.traceguard") || type.getPackageName().contains(".shaded")) {
          continue;
        }
        for (JavaAccess<?> access : type.getAccessesFromSelf()) {
          AccessTarget target = access.getTarget();
          if (target.getOwner().getName().startsWith("io.opentelemetry.")) {
            callers.computeIfAbsent(target.getFullName(), key -> new TreeSet<>()).add(type.getName());
          }
        }
      }
    }
    assertThat(callers).as("OpenTelemetry members traceguard-all-mp calls").hasSizeGreaterThan(100);
  }

  @Test
  void wildFly39_everyMissingMemberIsExplained() throws IOException {
    Path modules = Path.of(TestEnvironment.property("wildfly.home"), "modules/system/layers/base/io/opentelemetry");
    List<Path> jars;
    try (Stream<Path> files = Files.walk(modules)) {
      jars = files.filter(file -> file.toString().endsWith(".jar")).toList();
    }
    check("WildFly", jars);
  }

  @Test
  void openLiberty_everyMissingMemberIsExplained() throws IOException {
    Path lib = Path.of(TestEnvironment.property("liberty.home"), "lib");
    List<Path> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.filter(file -> file.getFileName().toString()
          .startsWith("io.openliberty.io.opentelemetry.internal.2.1.jakarta_")).toList();
    }
    check("Open Liberty", jars);
  }

  @Test
  void payaraMicro_everyMissingMemberIsExplained() throws IOException {
    Path work = TestEnvironment.workDir(getClass());
    Path repackaged = work.resolve("opentelemetry-repackaged.jar");
    try (JarFile payara = new JarFile(TestEnvironment.property("payara.micro.jar"));
        InputStream in = payara.getInputStream(payara.getEntry("MICRO-INF/runtime/opentelemetry-repackaged.jar"))) {
      Files.copy(in, repackaged);
    }
    check("Payara Micro", List.of(repackaged));
  }

  private void check(String server, List<Path> jars) throws IOException {
    assertThat(jars).as(server + "'s OpenTelemetry jars").isNotEmpty();
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = jars.get(i).toUri().toURL();
    }
    List<String> unexplained = new ArrayList<>();
    try (URLClassLoader sdk = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      for (Map.Entry<String, Set<String>> call : callers.entrySet()) {
        if (has(sdk, call.getKey())) {
          continue;
        }
        List<String> allowances = ALLOWED.keySet().stream().filter(call.getKey()::startsWith).toList();
        allowancesUsed.addAll(allowances);
        if (allowances.isEmpty()) {
          unexplained.add(call.getKey() + " <- " + call.getValue());
        }
      }
    }
    assertThat(unexplained).as(server + " lacks these members traceguard-all-mp calls").isEmpty();
  }

  @AfterAll
  void everyAllowanceStillNeeded() {
    assertThat(ALLOWED.keySet()).as("allowances no server needs any more").containsExactlyInAnyOrderElementsOf(
        allowancesUsed);
  }

  /** Whether {@code member} ({@code Owner.name(parameters)} or {@code Owner.field}) is in {@code sdk}. */
  private static boolean has(ClassLoader sdk, String member) {
    int open = member.indexOf('(');
    String path = open < 0 ? member : member.substring(0, open);
    int dot = path.lastIndexOf('.');
    String name = path.substring(dot + 1);
    Class<?> owner;
    try {
      owner = Class.forName(path.substring(0, dot), false, sdk);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    if (open < 0) {
      return declares(owner, type -> type.getDeclaredFields(), field -> ((Field) field).getName().equals(name));
    }
    String parameters = member.substring(open + 1, member.length() - 1);
    return declares(owner, type -> name.equals("<init>") ? type.getDeclaredConstructors() : type.getDeclaredMethods(),
        code -> (name.equals("<init>") || ((Executable) code).getName().equals(name))
            && parameters.equals(String.join(", ", Arrays.stream(((Executable) code).getParameterTypes())
                .map(Class::getName).toList())));
  }

  /** Whether {@code owner} or a supertype declares a member {@code matches} accepts. */
  private static boolean declares(Class<?> owner, Function<Class<?>, Object[]> members, Predicate<Object> matches) {
    Deque<Class<?>> pending = new ArrayDeque<>(List.of(owner));
    Set<Class<?>> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      Class<?> type = pending.poll();
      if (!seen.add(type)) {
        continue;
      }
      try {
        if (Arrays.stream(members.apply(type)).anyMatch(matches)) {
          return true;
        }
      } catch (LinkageError e) {
        return false; // a signature names a type the server's jars lack
      }
      if (type.getSuperclass() != null) {
        pending.add(type.getSuperclass());
      }
      pending.addAll(Arrays.asList(type.getInterfaces()));
    }
    return false;
  }
}
