package dev.traceguard.all;

import java.io.IOException;
import java.nio.file.Path;

/** The drop-in contract on Open Liberty in its default set-up: RESTEasy-based JAX-RS, Weld, no mpTelemetry. */
class OpenLibertyIT extends DropInContract {
  @Override
  String serviceName() {
    return "liberty-sample";
  }

  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return OpenLiberty.start(Path.of(property("liberty.home")), war, port, work);
  }
}
