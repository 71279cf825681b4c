package dev.traceguard.all;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the packaged drop-in jar holds, read as a zip: an IT because the jar exists only after {@code package}.
 * The Payara test proves the jar on a server; this one names the rules a broken shade configuration would break
 * without a server noticing at once (OTLP, for one, is not exported to by the Payara test).
 */
class DropInJarIT {
  private static final String SHADED = "dev/traceguard/shaded/";

  private static JarFile jar;
  private static Set<String> entries;

  @BeforeAll
  static void open() throws IOException {
    jar = new JarFile(Path.of(System.getProperty("traceguard.all.jar")).toFile());
    entries = jar.stream().map(entry -> entry.getName()).collect(Collectors.toUnmodifiableSet());
  }

  @AfterAll
  static void close() throws IOException {
    if (jar != null) {
      jar.close();
    }
  }

  private static String text(String entry) throws IOException {
    try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Service files by interface, each with its implementation class names (comments and blanks left out). */
  private static Map<String, List<String>> services() throws IOException {
    Map<String, List<String>> services = new TreeMap<>();
    for (String entry : entries) {
      if (entry.startsWith("META-INF/services/") && !entry.endsWith("/")) {
        services.put(entry.substring("META-INF/services/".length()), text(entry).lines()
            .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
      }
    }
    return services;
  }

  private static String classEntry(String className) {
    return className.replace('.', '/') + ".class";
  }

  @Test
  void holdsTraceguardAndRelocatedOpenTelemetry_noServerProvidedOrUnrelocatedPackages() {
    assertThat(entries).contains(
        "dev/traceguard/api/Traced.class",
        "dev/traceguard/core/TracingRuntime.class",
        "dev/traceguard/cdi/ContextPropagation.class",
        "dev/traceguard/jaxrs/TraceguardFeature.class",
        SHADED + "io/opentelemetry/sdk/OpenTelemetrySdk.class",
        SHADED + "io/opentelemetry/exporter/zipkin/ZipkinSpanExporter.class",
        "dev/traceguard/core/internal/ThrottlingHttpSender.class",
        "META-INF/beans.xml",
        "META-INF/microprofile-config.properties");
    assertThat(entries).noneMatch(entry -> entry.startsWith("jakarta/") || entry.startsWith("javax/")
        || entry.startsWith("org/eclipse/microprofile/") || entry.startsWith("org/jspecify/")
        || entry.startsWith("io/") || entry.startsWith("zipkin2/") || entry.startsWith("com/")
        || entry.startsWith("okhttp3/") || entry.startsWith("kotlin/")
        || entry.endsWith("module-info.class") || entry.startsWith("META-INF/versions/"));
  }

  @Test
  void serviceFiles_relocatedAndPointingAtClassesInTheJar() throws IOException {
    Map<String, List<String>> services = services();

    assertThat(services).containsEntry("jakarta.enterprise.inject.spi.Extension",
        List.of("dev.traceguard.cdi.internal.TraceguardExtension"));
    assertThat(services).containsEntry("dev.traceguard.core.spi.TracingRuntimeProvider",
        List.of("dev.traceguard.cdi.internal.CdiTracingRuntimeProvider"));
    // Jersey is the server's, never bundled nor relocated: the client auto-registration names its real SPI.
    assertThat(services).containsEntry("org.glassfish.jersey.internal.spi.AutoDiscoverable",
        List.of("dev.traceguard.jaxrs.internal.JerseyAutoDiscoverable"));
    assertThat(services.keySet()).allMatch(service -> service.startsWith("dev.traceguard.")
        || service.startsWith("jakarta.") || service.startsWith("org.glassfish.jersey.")
        || service.startsWith("org.eclipse.microprofile."));
    services.forEach((service, implementations) -> assertThat(implementations)
        .as("implementations of %s", service)
        .isNotEmpty()
        .allMatch(implementation -> entries.contains(classEntry(implementation))));
  }
}
