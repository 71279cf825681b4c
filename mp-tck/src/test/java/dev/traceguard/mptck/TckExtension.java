package dev.traceguard.mptck;

import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link TckOutputCapture} with Arquillian, on the client side of the run (the surefire JVM, which is also
 * the embedded container's). Found by Arquillian through
 * {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}; public only because Arquillian
 * instantiates it reflectively. Stateless; registering twice is harmless but pointless.
 */
public final class TckExtension implements LoadableExtension {
  @Override
  public void register(ExtensionBuilder builder) {
    builder.observer(TckOutputCapture.class);
  }
}
