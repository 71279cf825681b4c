package dev.traceguard.jaxrs;

import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.TestProperties;

/** A {@link JerseyTest} whose server (Grizzly) listens on 127.0.0.1 only, the one address tests may use. */
abstract class LoopbackJerseyTest extends JerseyTest {
  /** Has the server listen on a free port; call in {@code configure()}, before the container is created. */
  protected final void useFreePort() {
    forceSet(TestProperties.CONTAINER_PORT, Integer.toString(freePort()));
  }

  @Override
  protected URI getBaseUri() {
    return UriBuilder.fromUri("http://127.0.0.1/").port(getPort()).build();
  }

  /** A port nothing listens on at 127.0.0.1 right now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
