package dev.traceguard.all;

import java.io.IOException;
import java.nio.file.Path;

/** The drop-in contract on WildFly in its default set-up: RESTEasy, Weld, no MicroProfile Telemetry. */
class WildFlyIT extends DropInContract {
  @Override
  String serviceName() {
    return "wildfly-sample";
  }

  @Override
  ServerProcess start(Path war, int port, Path work) throws IOException {
    return WildFly.start(Path.of(property("wildfly.home")), war, port, work);
  }
}
