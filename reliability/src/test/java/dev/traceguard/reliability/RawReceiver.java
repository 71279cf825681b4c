package dev.traceguard.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broken backend below HTTP: it accepts each connection, reads a little of the export, and then either resets the
 * connection (TCP RST, by closing with a zero linger time, as a crashing proxy would) or answers bytes that are not
 * HTTP at all. Thread-safe.
 */
final class RawReceiver implements AutoCloseable {
  /** What the peer does after reading. */
  enum Behaviour { RESET, NOT_HTTP }

  private final ServerSocket socket;
  private final Behaviour behaviour;
  private final Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();

  RawReceiver(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "raw-receiver-" + behaviour);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        connections.incrementAndGet();
        connection.setSoTimeout(1000);
        connection.getInputStream().read(new byte[4096]);
        if (behaviour == Behaviour.RESET) {
          connection.setSoLinger(true, 0);
        } else {
          connection.getOutputStream().write("\u0000\u00ff\u0013garbage, not HTTP\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
        }
      } catch (IOException e) {
        // closed, or the client gave up first: either way, the next connection
      }
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
