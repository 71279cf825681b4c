package dev.traceguard.all;

import java.io.IOException;
import java.nio.file.Path;

/** The drop-in contract on GlassFish in its default set-up: Jersey, Weld, no MicroProfile Telemetry. */
class GlassFishIT extends DropInContract {
  @Override
  String serviceName() {
    return "glassfish-sample";
  }

  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return GlassFish.start(Path.of(property("glassfish.home")), war, port, work);
  }
}
