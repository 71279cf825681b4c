package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.core.TracingRuntime;
import dev.traceguard.core.spi.TracingRuntimeProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** The provider answers the running container's runtime, and empty wherever there is none to answer. */
class CdiTracingRuntimeProviderTest {
  private final CdiTracingRuntimeProvider provider = new CdiTracingRuntimeProvider();

  @Test
  void runtime_containerRunning_theRuntimeCdiInjects() {
    WeldContainer container = TestContainers.weld(Plain.class).initialize();
    try {
      TracingRuntime injected = container.select(TracingRuntime.class).get();

      assertThat(provider.runtime()).containsSame(injected);
      assertThat(injected.isRunning()).isTrue();
    } finally {
      container.shutdown();
    }
  }

  @Test
  void runtime_noContainerRunning_empty() {
    assertThat(provider.runtime()).isEmpty();
  }

  @Test
  void runtime_containerWithoutTraceguardsBeans_empty() {
    // Discovery off and Traceguard's producers not added: the container has no TracingRuntime bean.
    WeldContainer container = new Weld().disableDiscovery().addBeanClass(Plain.class).initialize();
    try {
      assertThat(provider.runtime()).isEmpty();
    } finally {
      container.shutdown();
    }
  }

  @Test
  void runtime_noCdiApiOnTheClassPath_empty() throws Exception {
    ClassLoader withoutCdi = new WithoutCdi(getClass().getClassLoader());
    TracingRuntimeProvider loaded = (TracingRuntimeProvider) withoutCdi
        .loadClass(CdiTracingRuntimeProvider.class.getName()).getConstructor().newInstance();

    assertThat(loaded.runtime()).isEmpty();
    assertThat(loaded.runtime()).as("asked again, once the look-up class failed to load").isEmpty();
  }

  @Test
  void serviceFile_registersTheProvider() {
    assertThat(ServiceLoader.load(TracingRuntimeProvider.class).stream()
        .map(ServiceLoader.Provider::type).collect(Collectors.toList()))
        .containsExactly(CdiTracingRuntimeProvider.class);
  }

  @ApplicationScoped
  static class Plain {}

  /**
   * Loads the provider's own classes itself and hides the CDI API, as a class path with this jar but without a
   * CDI container would; everything else comes from the parent.
   */
  private static final class WithoutCdi extends ClassLoader {
    WithoutCdi(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("jakarta.enterprise.")) {
          throw new ClassNotFoundException(name);
        }
        if (!name.startsWith(CdiTracingRuntimeProvider.class.getName())) {
          return super.loadClass(name, resolve);
        }
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            // From the same code source as the original, as a jar loaded twice would be (and so coverage sees it).
            loaded = defineClass(name, bytes, 0, bytes.length, CdiTracingRuntimeProvider.class.getProtectionDomain());
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
